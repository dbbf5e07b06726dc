package io.agentruntime.web;

import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Jackson's read and write buffers recycled through one bounded pool shared by all
 * threads instead of Jackson's default thread-local one. With virtual threads every
 * request runs on a new thread, so a thread-local pool never hands a buffer back: each
 * request parse, response write and upstream body allocated fresh buffers, the largest
 * allocation site of the reply path in the issue 8 profile (JFR allocation samples under
 * {@code BufferRecycler.calloc/balloc}). The pool keeps at most 100 recyclers; with
 * platform threads it costs one queue operation per parser.
 *
 * <p>
 * Request bodies are read strictly (issue 14), by a copy of the application's mapper used
 * only by Spring MVC's JSON converter: tokens after the body ({@code {"message":"x"}
 * garbage}), a key given twice, and scalars of the wrong type ({@code {"active":0}} for a
 * boolean, a number for a string, {@code "5"} or {@code 5.5} for an integer) are a 400
 * problem and change nothing. The application's own mapper, which parses the LLM's and
 * Supermemory's answers, stays as lenient as it was: upstreams are not ours to fix.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

	/**
	 * For each kind of value, the JSON shapes that are not that kind and that Jackson
	 * would otherwise coerce.
	 */
	private static final Map<LogicalType, CoercionInputShape[]> REFUSED_COERCIONS = Map.of(LogicalType.Boolean,
			new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String,
					CoercionInputShape.EmptyString },
			LogicalType.Integer,
			new CoercionInputShape[] { CoercionInputShape.Float, CoercionInputShape.Boolean, CoercionInputShape.String,
					CoercionInputShape.EmptyString },
			LogicalType.Float,
			new CoercionInputShape[] { CoercionInputShape.Boolean, CoercionInputShape.String,
					CoercionInputShape.EmptyString },
			LogicalType.Textual, new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float,
					CoercionInputShape.Boolean });

	@Bean
	Jackson2ObjectMapperBuilderCustomizer sharedJsonBufferPool() {
		return builder -> builder
			.postConfigurer(mapper -> mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedBoundedPool()));
	}

	/**
	 * Spring MVC's JSON converter (it replaces Boot's) with the strict reading mapper;
	 * responses are written as before.
	 */
	@Bean
	MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper mapper) {
		return new MappingJackson2HttpMessageConverter(strict(mapper));
	}

	/** A copy of the mapper that reads strictly; the mapper itself is left as it is. */
	static ObjectMapper strict(ObjectMapper mapper) {
		ObjectMapper strict = mapper.copy();
		strict.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
		strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
		REFUSED_COERCIONS.forEach((type, shapes) -> {
			for (CoercionInputShape shape : shapes) {
				strict.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
			}
		});
		return strict;
	}

}
