package io.agentruntime.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo chat page ({@code agent.demo.*}): off by default, on in
 * {@code spring-boot:test-run}.
 *
 * @param enabled serve {@code /demo/} and {@code /demo/config.json}
 * @param dealershipName shown in the chat window's header
 * @param apiKey prefilled into the page's API key field (try-it mode only); empty leaves
 * it blank
 */
@ConfigurationProperties("agent.demo")
record DemoProperties(boolean enabled, @DefaultValue("Demo Motors") String dealershipName,
		@DefaultValue("") String apiKey) {

	/** Keeps the key out of logs and actuator output. */
	@Override
	public String toString() {
		return "DemoProperties[enabled=" + this.enabled + ", dealershipName=" + this.dealershipName + "]";
	}

}
