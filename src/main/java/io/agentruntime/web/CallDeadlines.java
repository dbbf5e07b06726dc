package io.agentruntime.web;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.Response;

/**
 * Ends upstream calls at their deadline: one {@link Call#cancel()} per call scheduled on
 * one timer thread, withdrawn when the call ends, in place of OkHttp's call timeout.
 *
 * <p>
 * Why: OkHttp's call timeout is an okio {@code AsyncTimeout}, and okio keeps every
 * timeout of the JVM in one priority queue behind one lock, the lock it also takes after
 * every socket read and write of every connection ({@code AsyncTimeout.exit}, okio 3.18).
 * With a few hundred calls in flight each call's enter and exit reordered that queue
 * while the socket I/O of all the others queued on the lock: 11.5 % of the CPU samples of
 * the many-tenant mix at 200 replies/s (issue 15 profile). Here the queue is the
 * scheduler's own and only the call's start and end touch it, never its reads and writes;
 * with no call timeout set, okio queues nothing per call.
 *
 * <p>
 * What the caller sees is what okio's call timeout gave: the deadline bounds the whole
 * call from connect to the last body byte (the response is read by {@code reader} before
 * the timer is withdrawn), and a call ended by it fails with
 * {@code InterruptedIOException("timeout")}, the exception OkHttp threw. Any other
 * failure, including a cancel from elsewhere, is passed on as it came.
 */
public final class CallDeadlines implements AutoCloseable {

	/** The timer of every upstream call of this JVM. */
	public static final CallDeadlines SHARED = new CallDeadlines();

	private final ScheduledThreadPoolExecutor timer;

	/** A timer of its own (tests); the application uses {@link #SHARED}. */
	public CallDeadlines() {
		this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "upstream-call-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		// A call that ends in time takes its cancel out of the queue at once: otherwise
		// every finished call (and its request body) would stay queued until its
		// deadline.
		this.timer.setRemoveOnCancelPolicy(true);
		this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	/**
	 * Executes the call and reads its response, both within the deadline, then closes the
	 * response.
	 * @param <T> what the reader makes of the response
	 * @param call a call not yet executed, with no OkHttp call timeout of its own
	 * @param timeout how long the call may take, from connect to the last body byte; none
	 * left ends it at once
	 * @param reader reads the response (status, headers, body)
	 * @return what the reader returned
	 * @throws InterruptedIOException with the message {@code timeout} when the deadline
	 * ended the call
	 * @throws IOException any other failure of the call or of reading its body
	 */
	public <T> T execute(Call call, Duration timeout, ResponseReader<T> reader) throws IOException {
		if (timeout.isNegative() || timeout.isZero()) {
			call.cancel();
			throw new InterruptedIOException("timeout");
		}
		Deadline deadline = new Deadline(call);
		ScheduledFuture<?> scheduled = this.timer.schedule(deadline, timeout.toNanos(), TimeUnit.NANOSECONDS);
		try (Response response = call.execute()) {
			return reader.read(response);
		}
		catch (IOException ex) {
			if (!deadline.passed) {
				throw ex;
			}
			InterruptedIOException timedOut = new InterruptedIOException("timeout");
			timedOut.initCause(ex);
			throw timedOut;
		}
		finally {
			scheduled.cancel(false);
		}
	}

	/** Deadlines scheduled and neither passed nor withdrawn: the calls in flight. */
	public int pending() {
		return this.timer.getQueue().size();
	}

	/** Stops the timer thread; deadlines still pending never fire. */
	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	/** Reads a response while the call's deadline still runs. */
	@FunctionalInterface
	public interface ResponseReader<T> {

		T read(Response response) throws IOException;

	}

	/**
	 * The scheduled cancel of one call. {@code passed} tells the caller that this cancel,
	 * not another, ended the call; it is set before the cancel, so the failure the cancel
	 * causes always finds it set.
	 */
	private static final class Deadline implements Runnable {

		private final Call call;

		private volatile boolean passed;

		Deadline(Call call) {
			this.call = call;
		}

		@Override
		public void run() {
			this.passed = true;
			this.call.cancel();
		}

	}

}
