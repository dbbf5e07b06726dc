package io.agentruntime.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;

/**
 * Loads a missing cache entry once at a time per key, on the thread of the first caller;
 * every caller that asks for the same key meanwhile waits for that load and gets its
 * value or its exception (issue 14). Caffeine drops a future that completed
 * exceptionally, so a failure is shared by the callers waiting at the time and never
 * cached beyond them.
 *
 * <p>
 * A synchronous Caffeine cache also loads once per key, but a failed load leaves the
 * waiters to retry one after another: with the database down, the k-th of them waited k
 * connection timeouts.
 */
public final class SingleFlight {

	private SingleFlight() {
	}

	/**
	 * The cached value for the key, loaded by this caller or by the one already loading
	 * it.
	 * @param cache the cache
	 * @param key the key
	 * @param loader loads a missing value; {@code null} (nothing found) is returned to
	 * the callers waiting for this load and not cached
	 * @return the value
	 * @throws RuntimeException the exception of the load this caller waited for
	 */
	public static <K, V> V get(AsyncCache<K, V> cache, K key, Function<K, V> loader) {
		CompletableFuture<V> mine = new CompletableFuture<>();
		CompletableFuture<V> shared = cache.get(key, (k, executor) -> mine);
		if (shared == mine) {
			try {
				mine.complete(loader.apply(key));
			}
			catch (RuntimeException | Error ex) {
				mine.completeExceptionally(ex);
			}
		}
		try {
			return shared.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

}
