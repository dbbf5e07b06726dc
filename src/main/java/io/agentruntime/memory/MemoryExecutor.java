package io.agentruntime.memory;

import java.util.concurrent.Executor;

import org.springframework.boot.autoconfigure.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs the second recall search and best-effort writes: a virtual thread each where the
 * JVM has them and {@code spring.threads.virtual.enabled} is on, else a fresh platform
 * thread, bounded in number.
 */
@Component
class MemoryExecutor implements Executor {

	private final SimpleAsyncTaskExecutor delegate = new SimpleAsyncTaskExecutor("memory-");

	MemoryExecutor(Environment environment) {
		this.delegate.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		this.delegate.setConcurrencyLimit(Threading.VIRTUAL.isActive(environment) ? 10_000 : 512);
	}

	@Override
	public void execute(Runnable task) {
		this.delegate.execute(task);
	}

}
