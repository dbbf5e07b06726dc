package io.agentruntime.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the static demo chat page from {@code classpath:/demo/} at {@code /demo/}, only
 * when {@code agent.demo.enabled=true}. When it is off nothing is registered, so
 * {@code /demo/} answers the same 404 problem as any unknown path. Security already
 * permits {@code /demo/**}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "agent.demo.enabled", havingValue = "true")
@EnableConfigurationProperties(DemoProperties.class)
class DemoConfiguration implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		// no-cache: the page is for looking at and copying, a stale copy after an upgrade
		// only confuses.
		registry.addResourceHandler("/demo/**")
			.addResourceLocations("classpath:/demo/")
			.setCacheControl(CacheControl.noCache());
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/demo", "/demo/");
		registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
	}

}
