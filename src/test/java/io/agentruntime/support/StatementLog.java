package io.agentruntime.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.MDC;

/**
 * The SQL each request sends to PostgreSQL, as the JDBC driver gets it: a proxy between
 * the connection pool and the driver (the pool stays Hikari's), which records, while a
 * test asks for it, every statement and every commit under the request's
 * {@code X-Request-Id} (the MDC key {@code requestId}). For tests that count the round
 * trips of a reply (DESIGN §15); statements outside a request are not recorded.
 */
public final class StatementLog {

	private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
			"executeBatch", "executeLargeBatch");

	private static final AtomicInteger recordings = new AtomicInteger();

	private static final Map<String, List<Executed>> byRequest = new ConcurrentHashMap<>();

	private StatementLog() {
	}

	/** Starts recording; {@link Recording#close()} stops and forgets. */
	public static Recording start() {
		recordings.incrementAndGet();
		return new Recording();
	}

	/** A data source whose connections report what they execute here. */
	public static DataSource wrap(DataSource target) {
		return (DataSource) Proxy.newProxyInstance(StatementLog.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = invoke(target, method, args);
					return (result instanceof Connection connection) ? connection(connection) : result;
				});
	}

	private static Connection connection(Connection target) {
		// Whether the connection's transaction has sent a statement: only then does the
		// driver send a COMMIT (or ROLLBACK) when it ends, by a call or by switching
		// auto-commit back on.
		AtomicBoolean open = new AtomicBoolean();
		return (Connection) Proxy.newProxyInstance(StatementLog.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					String name = method.getName();
					boolean ends = name.equals("commit")
							|| (name.equals("rollback") && (args == null || args.length == 0))
							|| (name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0])
									&& !target.getAutoCommit());
					if (ends && open.getAndSet(false)) {
						record(name.equals("rollback") ? "ROLLBACK" : "COMMIT", true);
					}
					Object result = invoke(target, method, args);
					return switch (name) {
						case "createStatement" -> statement(Statement.class, (Statement) result, target, null, open);
						case "prepareStatement" ->
							statement(PreparedStatement.class, (Statement) result, target, (String) args[0], open);
						case "prepareCall" ->
							statement(CallableStatement.class, (Statement) result, target, (String) args[0], open);
						default -> result;
					};
				});
	}

	private static Object statement(Class<? extends Statement> type, Statement target, Connection connection,
			String prepared, AtomicBoolean open) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (EXECUTES.contains(method.getName())) {
				String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text : prepared;
				boolean inTransaction = !connection.getAutoCommit();
				if (inTransaction) {
					open.set(true);
				}
				record(sql, inTransaction);
			}
			return invoke(target, method, args);
		};
		return Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	/**
	 * The round trips left when every statement that names one of these tables is taken
	 * out, with its transaction's {@code COMMIT} when the whole transaction named only
	 * them: e.g. the rate limiter's synchronisation, which happens now and then on any
	 * request.
	 */
	public static List<Executed> excluding(List<Executed> executed, String... tables) {
		Pattern named = Pattern.compile("\\b(" + String.join("|", tables) + ")\\b", Pattern.CASE_INSENSITIVE);
		List<Executed> kept = new ArrayList<>();
		List<Executed> transaction = new ArrayList<>();
		for (Executed statement : executed) {
			if (statement.inTransaction() && !statement.ends()) {
				transaction.add(statement);
				continue;
			}
			if (statement.ends()) {
				boolean others = transaction.stream().anyMatch((each) -> !named.matcher(each.sql()).find());
				transaction.stream().filter((each) -> !named.matcher(each.sql()).find()).forEach(kept::add);
				if (others || transaction.isEmpty()) {
					kept.add(statement);
				}
				transaction.clear();
				continue;
			}
			// A transaction whose end was not seen (cannot happen with the driver's
			// COMMIT recorded): keep its statements in order all the same.
			transaction.stream().filter((each) -> !named.matcher(each.sql()).find()).forEach(kept::add);
			transaction.clear();
			if (!named.matcher(statement.sql()).find()) {
				kept.add(statement);
			}
		}
		transaction.stream().filter((each) -> !named.matcher(each.sql()).find()).forEach(kept::add);
		return kept;
	}

	private static void record(String sql, boolean inTransaction) {
		if (recordings.get() == 0) {
			return;
		}
		String requestId = MDC.get("requestId");
		if (requestId != null) {
			byRequest.computeIfAbsent(requestId, (id) -> new CopyOnWriteArrayList<>())
				.add(new Executed(sql, inTransaction));
		}
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/** Recording in progress. */
	public static final class Recording implements AutoCloseable {

		private Recording() {
		}

		/** What the request with this {@code X-Request-Id} executed, in order. */
		public List<Executed> of(String requestId) {
			return List.copyOf(byRequest.getOrDefault(requestId, List.of()));
		}

		@Override
		public void close() {
			if (recordings.decrementAndGet() == 0) {
				byRequest.clear();
			}
		}

	}

	/**
	 * One round trip of a request.
	 *
	 * @param sql the statement, or {@code COMMIT} / {@code ROLLBACK}
	 * @param inTransaction whether it ran inside a transaction (the driver sends a
	 * {@code BEGIN} with a transaction's first statement)
	 */
	public record Executed(String sql, boolean inTransaction) {

		private static final Pattern WRITE = Pattern
			.compile("\\b(insert\\s+into|update\\s+\\w+\\s+set|delete\\s+from)\\b", Pattern.CASE_INSENSITIVE);

		/** Whether it writes: an insert, update or delete, also inside a CTE. */
		public boolean writes() {
			return WRITE.matcher(this.sql).find();
		}

		/** Whether it ends a transaction. */
		public boolean ends() {
			return this.sql.equals("COMMIT") || this.sql.equals("ROLLBACK");
		}

		@Override
		public String toString() {
			return (this.inTransaction ? "[tx] " : "") + this.sql.replaceAll("\\s+", " ").strip();
		}

	}

}
