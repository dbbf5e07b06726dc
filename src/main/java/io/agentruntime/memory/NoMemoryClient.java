package io.agentruntime.memory;

import java.util.List;

/** The {@code none} provider: recalls nothing and stores nothing. */
final class NoMemoryClient implements MemoryClient {

	@Override
	public List<MemoryHit> search(MemorySearch search) {
		return List.of();
	}

	@Override
	public void write(MemoryWrite write) {
	}

	@Override
	public List<StoredDocument> list(List<String> tags) {
		return List.of();
	}

	@Override
	public void delete(List<String> documentIds) {
	}

	@Override
	public boolean disabled() {
		return true;
	}

	@Override
	public boolean probe() {
		return true;
	}

}
