package io.agentruntime.web;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jackson's read and write buffers recycled through one bounded pool shared by all
 * threads instead of Jackson's default thread-local one. With virtual threads every
 * request runs on a new thread, so a thread-local pool never hands a buffer back: each
 * request parse, response write and upstream body allocated fresh buffers, the largest
 * allocation site of the reply path in the issue 8 profile (JFR allocation samples under
 * {@code BufferRecycler.calloc/balloc}). The pool keeps at most 100 recyclers; with
 * platform threads it costs one queue operation per parser.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

	@Bean
	Jackson2ObjectMapperBuilderCustomizer sharedJsonBufferPool() {
		return builder -> builder
			.postConfigurer(mapper -> mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedBoundedPool()));
	}

}
