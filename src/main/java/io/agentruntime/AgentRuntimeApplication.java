package io.agentruntime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * The agent runtime: answers a dealership lead's chat message in the voice of that
 * dealership's active agent config.
 * <p>
 * Each top-level package is a feature module; {@code web} (problems, the HTTP edge,
 * Jackson and OpenAPI set-up) is the declared shared kernel every feature may use. The
 * structure test {@code ModuleStructureTests} keeps it so (docs/architecture.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "Agent Runtime", sharedModules = "web")
public class AgentRuntimeApplication {

	public static void main(String[] args) {
		SpringApplication.run(AgentRuntimeApplication.class, args);
	}

}
