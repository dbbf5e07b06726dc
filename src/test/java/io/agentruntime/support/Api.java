package io.agentruntime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small real HTTP client for black-box tests against the running application. */
public final class Api {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Api(int port) {
		this.base = "http://localhost:" + port;
	}

	public Response get(String path, String credential) {
		return send(builder(path, credential).GET());
	}

	public Response delete(String path, String credential) {
		return send(builder(path, credential).DELETE());
	}

	public Response post(String path, String credential, Object body) {
		return send("POST", path, credential, body, "application/json");
	}

	public Response put(String path, String credential, Object body) {
		return send("PUT", path, credential, body, "application/json");
	}

	public Response patch(String path, String credential, Object body) {
		return send("PATCH", path, credential, body, "application/json");
	}

	/** Any method, any body (a String is sent as is, anything else as JSON), any content type. */
	public Response send(String method, String path, String credential, Object body, String contentType) {
		String text;
		try {
			text = (body instanceof String s) ? s : JSON.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		HttpRequest.Builder builder = builder(path, credential).method(method, HttpRequest.BodyPublishers.ofString(text));
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		return send(builder);
	}

	private HttpRequest.Builder builder(String path, String credential) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
		if (credential != null) {
			builder.header("Authorization", "Bearer " + credential);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param status the HTTP status
	 * @param headers the headers
	 * @param body the body text
	 */
	public record Response(int status, java.net.http.HttpHeaders headers, String body) {

		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("Not JSON: " + this.body, ex);
			}
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

	}

}
