package io.agentruntime.tenant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Pure functions for the browser origins of widget keys (DESIGN §2): what counts as an
 * origin, and its one canonical spelling, the one browsers send in {@code Origin}.
 */
public final class WidgetOrigins {

	/** The most origins one widget key may list. */
	public static final int MAX_ORIGINS = 20;

	/** The longest origin accepted. */
	public static final int MAX_LENGTH = 200;

	private WidgetOrigins() {
	}

	/**
	 * The canonical form of an origin such as {@code https://shop.example.com} or
	 * {@code http://localhost:8080}: lower case, no default port, no trailing slash.
	 * Empty when the text is not an origin: another scheme, a path, a query, user info, a
	 * wildcard or {@code null}.
	 * @param candidate what an administrator typed
	 * @return the canonical origin, or empty
	 */
	public static Optional<String> canonical(String candidate) {
		if (candidate == null || candidate.isBlank() || candidate.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		String text = candidate.trim().toLowerCase(Locale.ROOT);
		if (text.endsWith("/")) {
			text = text.substring(0, text.length() - 1);
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		String scheme = uri.getScheme();
		String host = uri.getHost();
		if (!("https".equals(scheme) || "http".equals(scheme)) || host == null || uri.getRawUserInfo() != null
				|| !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null
				|| !host.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]")) {
			return Optional.empty();
		}
		int port = uri.getPort();
		boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443)
				|| ("http".equals(scheme) && port == 80);
		return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
	}

	/**
	 * True when the request's {@code Origin} header is one of the key's origins.
	 * @param originHeader the header as received, may be {@code null}
	 * @param allowed the key's canonical origins
	 * @return whether the request may use the key
	 */
	public static boolean allows(String originHeader, java.util.List<String> allowed) {
		return originHeader != null && canonical(originHeader).map(allowed::contains).orElse(false);
	}

}
