package io.taskq.dashboard.internal;

import io.taskq.dashboard.DashboardOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Who may do what: the optional basic or bearer authentication, and the CSRF token every
 * mutating request must echo in {@value #CSRF_HEADER} (a page of another site can neither read
 * it nor set the header on a cross-site request).
 */
final class Access {
  static final String CSRF_HEADER = "X-Taskq-Csrf";

  private final DashboardOptions options;
  private final String csrfToken;
  private final boolean loopbackOnly;

  Access(DashboardOptions options) {
    this.options = options;
    this.loopbackOnly = isLoopback(options.host());
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.csrfToken = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  String csrfToken() {
    return csrfToken;
  }

  /** Whether static files need credentials too: with basic auth the browser asks for them. */
  boolean guardsStaticFiles() {
    return options.basicAuth() != null;
  }

  /**
   * On a loopback address, refuses a {@code Host} that is not a loopback name: a page of another
   * site whose name was made to resolve to 127.0.0.1 (DNS rebinding) would otherwise be
   * same-origin with an unauthenticated dashboard.
   *
   * @throws HttpError 403
   */
  void checkHost(Exchange ex) {
    String host = ex.header("Host");
    if (!loopbackOnly || host == null) {
      return;
    }
    String name = host.startsWith("[") ? host.substring(1, Math.max(1, host.indexOf(']')))
        : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
    if (!name.equalsIgnoreCase("localhost") && !isLoopbackLiteral(name)) {
      throw new HttpError(403, "Host " + Views.clip(host, 80) + " refused: this dashboard"
          + " listens on loopback, open it as localhost or 127.0.0.1");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLoopbackLiteral(String name) {
    // literals only: a name is never resolved here
    return name.matches("127(\\.\\d{1,3}){3}") || name.equals("::1")
        || name.equalsIgnoreCase("0:0:0:0:0:0:0:1");
  }

  /**
   * Checks the caller's credentials and records who it is.
   *
   * @throws HttpError 401 with a challenge when they are missing or wrong
   */
  void authenticate(Exchange ex) {
    DashboardOptions.BasicAuth basic = options.basicAuth();
    String token = options.bearerToken();
    String header = ex.header("Authorization");
    if (basic != null) {
      String given = header != null && header.regionMatches(true, 0, "Basic ", 0, 6)
          ? decode(header.substring(6).trim()) : null;
      if (given == null || !same(given, basic.user() + ":" + basic.password())) {
        ex.setHeader("WWW-Authenticate", "Basic realm=\"taskq\", charset=\"UTF-8\"");
        throw new HttpError(401, "authentication required");
      }
      ex.authenticatedAs(basic.user());
    } else if (token != null) {
      String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
          ? header.substring(7).trim() : null;
      if (given == null || !same(given, token)) {
        ex.setHeader("WWW-Authenticate", "Bearer realm=\"taskq\"");
        throw new HttpError(401, "authentication required: send Authorization: Bearer <token>");
      }
      ex.authenticatedAs("token");
    }
  }

  /**
   * Checks that a mutating request is a same-origin POST carrying the CSRF token.
   *
   * @throws HttpError 405 for another method, 403 without the token or from another origin
   */
  void checkMutation(Exchange ex) {
    if (!"POST".equals(ex.method())) {
      ex.setHeader("Allow", "POST");
      throw new HttpError(405, "this action needs POST");
    }
    String given = ex.header(CSRF_HEADER);
    if (given == null || !same(given, csrfToken)) {
      throw new HttpError(403, "missing or wrong " + CSRF_HEADER + " header (GET /api/session"
          + " gives the token)");
    }
    String origin = ex.header("Origin");
    String host = ex.header("Host");
    if (origin != null && host != null && !sameHost(origin, host)) {
      throw new HttpError(403, "cross-origin request refused");
    }
  }

  private static boolean sameHost(String origin, String host) {
    try {
      URI o = URI.create(origin);
      String authority = o.getRawAuthority();
      return authority != null && authority.toLowerCase(Locale.ROOT)
          .equals(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static @Nullable String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Compares in time independent of where the strings differ. */
  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
