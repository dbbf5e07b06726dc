package io.agentruntime.web;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;

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
 * pools of an eighth each cost an eighth per call. Over HTTP/2 (OpenRouter, OpenAI) a
 * pool holds one multiplexed connection per host and the spread is harmless: at most one
 * connection per pool.
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
		for (int i = 0; i < SHARDS; i++) {
			Dispatcher dispatcher = new Dispatcher();
			dispatcher.setMaxRequests(maxRequests);
			dispatcher.setMaxRequestsPerHost(maxRequests);
			clients[i] = configured
				.connectionPool(new ConnectionPool(Math.max(1, idleConnections / SHARDS), keepAlive.toMillis(),
						TimeUnit.MILLISECONDS))
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

}
