package io.agentruntime.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.agentruntime.tenant.TenantPrincipal;
import io.agentruntime.tenant.WidgetOrigins;
import io.agentruntime.web.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * The rules of widget keys (DESIGN §2) that Bean Validation cannot state alone:
 * {@code agent:widget} stands alone, comes with at least one origin, and origins belong
 * to widget keys only. Pure functions.
 */
final class WidgetKeyRules {

	private WidgetKeyRules() {
	}

	/**
	 * The canonical origins of a widget key, or {@code null} for any other key.
	 * @param form the requested key
	 * @return the origins to store
	 * @throws InvalidKeyField when the scopes and origins do not fit together
	 */
	static List<String> allowedOrigins(ApiKeyForm form) {
		boolean widget = form.scopes().contains(TenantPrincipal.SCOPE_WIDGET);
		if (!widget) {
			if (form.allowedOrigins() != null) {
				throw new InvalidKeyField("allowedOrigins", "is only for keys with the agent:widget scope");
			}
			return null;
		}
		if (form.scopes().size() > 1) {
			throw new InvalidKeyField("scopes", "agent:widget cannot be combined with other scopes");
		}
		if (form.allowedOrigins() == null || form.allowedOrigins().isEmpty()) {
			throw new InvalidKeyField("allowedOrigins", "must not be empty for an agent:widget key");
		}
		Set<String> origins = new LinkedHashSet<>();
		List<Map<String, String>> errors = new ArrayList<>();
		for (int i = 0; i < form.allowedOrigins().size(); i++) {
			Optional<String> origin = WidgetOrigins.canonical(form.allowedOrigins().get(i));
			if (origin.isPresent()) {
				origins.add(origin.get());
			}
			else {
				errors.add(Map.of("field", "allowedOrigins[" + i + "]", "message",
						"must be an origin like https://shop.example.com (http or https, host, optional port, "
								+ "no path)"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidKeyField(errors);
		}
		return List.copyOf(origins);
	}

	/** A 400 validation problem naming the field. */
	static final class InvalidKeyField extends ApiProblem {

		InvalidKeyField(String field, String message) {
			this(List.of(Map.of("field", field, "message", message)));
		}

		InvalidKeyField(List<Map<String, String>> errors) {
			super(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid fields.", errors);
		}

	}

}
