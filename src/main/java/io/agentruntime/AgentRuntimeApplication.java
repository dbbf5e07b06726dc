package io.agentruntime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The agent runtime: answers a dealership lead's chat message in the voice of that
 * dealership's active agent config.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentRuntimeApplication {

	public static void main(String[] args) {
		SpringApplication.run(AgentRuntimeApplication.class, args);
	}

}
