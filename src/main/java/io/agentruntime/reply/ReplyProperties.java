package io.agentruntime.reply;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reply path (DESIGN §3, §6).
 *
 * @param deadline the longest a reply may take, upstream retries and fallbacks included
 */
@ConfigurationProperties("agent.reply")
public record ReplyProperties(@DefaultValue("20s") Duration deadline) {

	public ReplyProperties {
		if (deadline.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("agent.reply.deadline must be at least 1s");
		}
	}

}
