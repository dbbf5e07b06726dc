package io.agentruntime.web;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat as this service runs it: {@link ProblemErrorReportValve} in place of Tomcat's
 * HTML error report, and per-connection buffers sized for thousands of replies in flight.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	/** Socket read and write buffer per connection, in bytes (Tomcat's default 8192). */
	static final int SOCKET_BUFFER_BYTES = 4096;

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	/**
	 * Every reply waits about a second for the LLM (ten with a slow model) while Tomcat
	 * holds its connection's buffers: about 95 KiB of heap each with Tomcat's defaults,
	 * 180 MiB of a 512 MiB heap at 2,000 replies in flight (heap histogram of the issue
	 * 15 in-flight check). Socket buffers go off-heap (direct, as NIO wants them for the
	 * system call anyway) at 4 KiB each way, and the servlet response buffer shrinks to 2
	 * KiB ({@link LeanHttp11NioProtocol}). Request headers keep their 8 KiB limit.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> leanConnectionBuffers() {
		return factory -> {
			factory.setProtocol(LeanHttp11NioProtocol.class.getName());
			factory.addConnectorCustomizers(connector -> {
				connector.setProperty("socket.directBuffer", "true");
				connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
				connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
			});
		};
	}

}
