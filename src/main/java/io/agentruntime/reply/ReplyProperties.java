package io.agentruntime.reply;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reply path (DESIGN §3, §6).
 *
 * @param deadline the longest a reply may take, upstream retries and fallbacks included
 * @param maxInFlight replies this instance works on at once; one more is answered 503
 * with {@code Retry-After} at once. The default suits a 512 MiB heap: a reply in flight
 * holds about 160 KB (issue 8 benchmark, docs/readme/8.md), so 2,000 stay well inside it
 */
@ConfigurationProperties("agent.reply")
public record ReplyProperties(@DefaultValue("20s") Duration deadline, @DefaultValue("2000") int maxInFlight) {

	public ReplyProperties {
		if (deadline.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("agent.reply.deadline must be at least 1s");
		}
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("agent.reply.max-in-flight must be at least 1");
		}
	}

}
