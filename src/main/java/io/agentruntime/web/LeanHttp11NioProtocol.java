package io.agentruntime.web;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a smaller servlet response buffer. Tomcat gives
 * every request in progress a response buffer of 8 KiB of bytes plus 16 KiB of chars
 * ({@code OutputBuffer}), held while the reply waits for the LLM; this API's bodies are a
 * few hundred bytes to a few KiB. A larger body is not refused: it is flushed in chunks.
 * Public with a no-argument constructor: Tomcat instantiates it by class name.
 */
public class LeanHttp11NioProtocol extends Http11NioProtocol {

	/**
	 * Response buffer per request in progress, in bytes (Tomcat's own default is 8192).
	 */
	static final int RESPONSE_BUFFER_BYTES = 2048;

	@Override
	public int getDesiredBufferSize() {
		return RESPONSE_BUFFER_BYTES;
	}

}
