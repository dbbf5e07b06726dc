package io.agentruntime.tenant;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a widget key's origin, and how a request's Origin is matched. */
class WidgetOriginsTests {

	@Test
	void spellsOriginsAsBrowsersSendThem() {
		assertThat(WidgetOrigins.canonical("HTTPS://Shop.Example.com")).hasValue("https://shop.example.com");
		assertThat(WidgetOrigins.canonical(" https://shop.example.com/ ")).hasValue("https://shop.example.com");
		assertThat(WidgetOrigins.canonical("https://shop.example.com:443")).hasValue("https://shop.example.com");
		assertThat(WidgetOrigins.canonical("http://shop.example.com:80")).hasValue("http://shop.example.com");
		assertThat(WidgetOrigins.canonical("https://shop.example.com:8443")).hasValue("https://shop.example.com:8443");
		assertThat(WidgetOrigins.canonical("http://localhost:8080")).hasValue("http://localhost:8080");
		assertThat(WidgetOrigins.canonical("http://127.0.0.1:8080")).hasValue("http://127.0.0.1:8080");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "*", "null", "shop.example.com", "https://", "ftp://shop.example.com",
			"https://shop.example.com/chat", "https://shop.example.com?x=1", "https://shop.example.com#top",
			"https://user:pw@shop.example.com", "https://*.example.com", "javascript:alert(1)",
			"https://shop.example.com//", "https://shop_example.com" })
	void refusesWhatIsNotAnOrigin(String candidate) {
		assertThat(WidgetOrigins.canonical(candidate)).isEmpty();
	}

	@Test
	void refusesOverlongOrigins() {
		assertThat(WidgetOrigins.canonical("https://" + "a".repeat(WidgetOrigins.MAX_LENGTH) + ".example")).isEmpty();
	}

	@Test
	void allowsOnlyTheListedOrigins() {
		List<String> allowed = List.of("https://shop.example.com");

		assertThat(WidgetOrigins.allows("https://shop.example.com", allowed)).isTrue();
		assertThat(WidgetOrigins.allows("https://SHOP.example.com", allowed)).isTrue();
		assertThat(WidgetOrigins.allows("https://shop.example.com.evil.example", allowed)).isFalse();
		assertThat(WidgetOrigins.allows("http://shop.example.com", allowed)).isFalse();
		assertThat(WidgetOrigins.allows("https://shop.example.com:8443", allowed)).isFalse();
		assertThat(WidgetOrigins.allows("null", allowed)).isFalse();
		assertThat(WidgetOrigins.allows(null, allowed)).isFalse();
	}

}
