package io.agentruntime.demo;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /demo/config.json}: the little the demo page needs to know, and nothing more
 * — the dealership's name and, in try-it mode, the API key to prefill.
 */
@Hidden // the page's own settings, not part of the API (issue 17)
@RestController
@ConditionalOnProperty(name = "agent.demo.enabled", havingValue = "true")
class DemoController {

	private final DemoProperties properties;

	DemoController(DemoProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/demo/config.json")
	ResponseEntity<DemoSettings> settings() {
		// no-store: the body may carry the try-it API key.
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new DemoSettings(this.properties.dealershipName(), this.properties.apiKey()));
	}

	/**
	 * What the page reads on load.
	 *
	 * @param dealershipName shown in the chat header
	 * @param apiKey prefilled into the API key field, empty when not in try-it mode
	 */
	record DemoSettings(String dealershipName, String apiKey) {

		@Override
		public String toString() {
			return "DemoSettings[dealershipName=" + this.dealershipName + "]";
		}

	}

}
