package io.agentruntime.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.agentruntime.support.IntegrationTest;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's per-connection buffers, sized for thousands of replies in flight (issue 15):
 * socket buffers off the heap, a small servlet response buffer, and bodies larger than
 * that buffer still served whole.
 */
class TomcatBuffersIntegrationTests extends IntegrationTest {

	@Autowired
	private ServletWebServerApplicationContext context;

	@Test
	void servesABodyManyTimesLargerThanTheResponseBufferWhole() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().length()).isGreaterThan(10 * LeanHttp11NioProtocol.RESPONSE_BUFFER_BYTES);
		assertThat(JSON.readTree(response.body()).get("paths").has("/api/agent/reply")).isTrue();
	}

	@Test
	void holdsSocketBuffersOffTheHeapAndASmallResponseBufferPerRequest() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();

		assertThat(connector.getProtocolHandler()).isInstanceOf(LeanHttp11NioProtocol.class);
		assertThat(connector.createResponse().getBufferSize()).isEqualTo(LeanHttp11NioProtocol.RESPONSE_BUFFER_BYTES);
		assertThat(connector.getProperty("socket.directBuffer")).hasToString("true");
		assertThat(connector.getProperty("socket.appReadBufSize"))
			.hasToString(Integer.toString(TomcatConfiguration.SOCKET_BUFFER_BYTES));
	}

}
