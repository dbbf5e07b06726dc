package io.agentruntime.demo;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebApplicationContext;
import org.springframework.core.io.FileSystemResourceLoader;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agent.demo.enabled} decides whether the page exists at all; the enabled case
 * runs in the browser in {@link DemoPageIntegrationTests}.
 */
class DemoConfigurationTests {

	// A plain MockServletContext resolves its document root against the classpath, which
	// would serve classpath:/demo/ through Boot's default static handler; embedded
	// Tomcat's root is not the classpath.
	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(() -> {
		AnnotationConfigServletWebApplicationContext context = new AnnotationConfigServletWebApplicationContext();
		context.setServletContext(new MockServletContext("src/main/webapp", new FileSystemResourceLoader()));
		return context;
	}).withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withUserConfiguration(DemoConfiguration.class, DemoController.class);

	@Test
	void servesNothingByDefault() {
		this.runner.run(context -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/demo/")).hasStatus(404);
			assertThat(mvc.get().uri("/demo/index.html")).hasStatus(404);
			assertThat(mvc.get().uri("/demo/config.json")).hasStatus(404);
		});
	}

	@Test
	void servesThePageAndItsSettingsWhenEnabled() {
		this.runner.withPropertyValues("agent.demo.enabled=true").run(context -> {
			MockMvcTester mvc = MockMvcTester.from(context);
			assertThat(mvc.get().uri("/demo/")).hasStatusOk().hasForwardedUrl("/demo/index.html");
			assertThat(mvc.get().uri("/demo/index.html")).hasStatusOk()
				.bodyText()
				.contains("<h1 id=\"dealership-name\">");
			assertThat(mvc.get().uri("/demo/config.json")).hasStatusOk()
				.bodyJson()
				.isLenientlyEqualTo("{\"dealershipName\":\"Demo Motors\",\"apiKey\":\"\"}");
		});
	}

}
