package io.agentruntime.web;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * Calls of one upstream spread over several OkHttp clients that differ only in their
 * connection pool (and call registry), each call on one picked at random.
 *
 * <p>
 * Why: over HTTP/1.1 (vLLM, Ollama, a plain-HTTP gateway, the benchmark's fakes) every
 * call in flight holds a connection of its own, and OkHttp's pool finds an idle one by
 * scanning all of them under each connection's lock, then after every call schedules a
 * clean-up that scans them all again. With hundreds of LLM calls in flight that was the
 * largest library share of the service's CPU (issue 15 profile: 12 % at 200 replies/s,
 * most of it threads spinning on connection locks in {@code RealCall.callDone}). Eight
 * pools of an eighth each cost an eighth per call, and their clean-ups run together about
 * once a second ({@link CoalescedCleanUps}) rather than after every call. Over HTTP/2
 * (OpenRouter, OpenAI) a pool holds one multiplexed connection per host and the spread is
 * harmless: at most one connection per pool.
 */
public final class ShardedCalls implements Call.Factory {

	/** Pools per upstream. */
	static final int SHARDS = 8;

	private final OkHttpClient[] clients;

	private ShardedCalls(OkHttpClient[] clients) {
		this.clients = clients;
	}

	/**
	 * @param configured the upstream's client settings (timeouts, interceptors); its
	 * connection pool and dispatcher are replaced per shard
	 * @param idleConnections idle connections kept in all, split among the pools
	 * @param keepAlive how long an idle connection is kept
	 * @param maxRequests limit of each pool's dispatcher (asynchronous calls only)
	 */
	public static ShardedCalls of(OkHttpClient.Builder configured, int idleConnections, Duration keepAlive,
			int maxRequests) {
		OkHttpClient[] clients = new OkHttpClient[SHARDS];
		TaskRunner cleanUps = new TaskRunner(new CoalescedCleanUps(), TaskRunner.Companion.getLogger());
		for (int i = 0; i < SHARDS; i++) {
			Dispatcher dispatcher = new Dispatcher();
			dispatcher.setMaxRequests(maxRequests);
			dispatcher.setMaxRequestsPerHost(maxRequests);
			clients[i] = configured
				.connectionPool(new ConnectionPool(Math.max(1, idleConnections / SHARDS), keepAlive.toMillis(),
						TimeUnit.MILLISECONDS, cleanUps, ConnectionListener.Companion.getNONE()))
				.dispatcher(dispatcher)
				.build();
		}
		return new ShardedCalls(clients);
	}

	@Override
	public Call newCall(Request request) {
		return this.clients[ThreadLocalRandom.current().nextInt(this.clients.length)].newCall(request);
	}

	/** Idle and in-use connections of all pools. */
	public int connectionCount() {
		int count = 0;
		for (OkHttpClient client : this.clients) {
			count += client.connectionPool().connectionCount();
		}
		return count;
	}

	/**
	 * Runs the pools' clean-ups (closing connections idle too long or beyond the idle
	 * limit) at most about once a second instead of once per call.
	 *
	 * <p>
	 * Why: OkHttp schedules its pool's clean-up, due at once, every time a connection
	 * goes idle, that is after every HTTP/1.1 call, and wakes the clean-up thread for it,
	 * all under one process-wide lock ({@code TaskRunner.INSTANCE}). At 600 upstream
	 * calls/s the callers spun on that lock: 10–15 % of the service's CPU samples in
	 * {@code RealConnectionPool.connectionBecameIdle} at 200 replies/s (issue 15 profile,
	 * docs/notes/15-s10.md). Here the pools of an upstream share a runner of their own
	 * whose coordinator is not woken for a due clean-up but wakes by itself at least once
	 * a second, so the clean-ups of a second run together. Connections are closed at most
	 * a second late. Only the pools' clean-ups run here: calls and HTTP/2 connections use
	 * the client's own task runner.
	 */
	static final class CoalescedCleanUps implements TaskRunner.Backend {

		/** The longest the clean-up coordinator sleeps. */
		static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

		private final TaskRunner.RealBackend threads = new TaskRunner.RealBackend(runnable -> {
			Thread thread = new Thread(runnable, "OkHttp connection pool clean-up");
			thread.setDaemon(true);
			return thread;
		});

		@Override
		public long nanoTime() {
			return this.threads.nanoTime();
		}

		@Override
		public void coordinatorNotify(TaskRunner taskRunner) {
			// Not woken for a clean-up that fell due: it runs at the next wake-up.
		}

		@Override
		public void coordinatorWait(TaskRunner taskRunner, long nanos) {
			try {
				this.threads.coordinatorWait(taskRunner, Math.min(nanos, MAX_WAIT_NANOS));
			}
			catch (InterruptedException ex) {
				// As OkHttp's own coordinator does when interrupted: drop the clean-ups
				// (scheduled again when a connection next goes idle), and let it end.
				Thread.currentThread().interrupt();
				taskRunner.cancelAll();
			}
		}

		@Override
		public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
			return this.threads.decorate(queue);
		}

		@Override
		public void execute(TaskRunner taskRunner, Runnable runnable) {
			this.threads.execute(taskRunner, runnable);
		}

	}

}
