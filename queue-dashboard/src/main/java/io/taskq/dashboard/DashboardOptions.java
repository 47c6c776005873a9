package io.taskq.dashboard;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the dashboard serves: where it binds, who may use it and what it shows. Immutable;
 * {@link #toString()} never shows a secret.
 *
 * @param host address to bind (default {@value #DEFAULT_HOST}: this machine only)
 * @param port TCP port (default {@value #DEFAULT_PORT}; 0 picks a free one)
 * @param basicAuth user and password every request must carry (HTTP basic), or {@code null}
 * @param bearerToken token every API request must carry ({@code Authorization: Bearer}), or
 *     {@code null}; with neither, the dashboard is open to whoever reaches the address
 * @param showResults whether task results are shown (off by default: they may hold data)
 * @param resultLimit longest result shown, in characters (longer ones are cut)
 * @param sampleEvery how often queue figures are read for the live counters and charts
 */
public record DashboardOptions(String host, int port, @Nullable BasicAuth basicAuth,
    @Nullable String bearerToken, boolean showResults, int resultLimit, Duration sampleEvery) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5555;
  public static final int DEFAULT_RESULT_LIMIT = 2000;
  public static final Duration DEFAULT_SAMPLE_EVERY = Duration.ofSeconds(2);
  /** Everything by default: loopback, port 5555, no auth, results hidden. */
  public static final DashboardOptions DEFAULT = builder().build();

  public DashboardOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
    }
    if (basicAuth != null && bearerToken != null) {
      throw new IllegalArgumentException("give basicAuth or bearerToken, not both");
    }
    if (bearerToken != null && bearerToken.isBlank()) {
      throw new IllegalArgumentException("bearerToken must not be blank");
    }
    if (resultLimit < 1) {
      throw new IllegalArgumentException("resultLimit must be >= 1, was " + resultLimit);
    }
    if (sampleEvery.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("sampleEvery must be >= 100ms, was " + sampleEvery);
    }
  }

  /** Whether requests must authenticate. */
  public boolean authRequired() {
    return basicAuth != null || bearerToken != null;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.basicAuth = basicAuth;
    b.bearerToken = bearerToken;
    b.showResults = showResults;
    b.resultLimit = resultLimit;
    b.sampleEvery = sampleEvery;
    return b;
  }

  @Override
  public String toString() {
    return "DashboardOptions[" + host + ":" + port + ", auth="
        + (basicAuth != null ? "basic" : bearerToken != null ? "bearer" : "none")
        + ", showResults=" + showResults + "]";
  }

  /**
   * HTTP basic credentials; {@link #toString()} shows the user only.
   *
   * @param user user name (no colon)
   * @param password password
   */
  public record BasicAuth(String user, String password) {
    public BasicAuth {
      if (user.isEmpty() || user.contains(":")) {
        throw new IllegalArgumentException("basic auth user must be non-empty without ':'");
      }
      if (password.isEmpty()) {
        throw new IllegalArgumentException("basic auth password must not be empty");
      }
    }

    /**
     * Parses {@code user:password} (the password may hold colons).
     *
     * @throws IllegalArgumentException without the colon, naming no secret
     */
    public static BasicAuth parse(String line) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("basic auth must be user:password");
      }
      return new BasicAuth(line.substring(0, colon), line.substring(colon + 1));
    }

    @Override
    public String toString() {
      return "BasicAuth[" + user + "]";
    }
  }

  /** Builds {@link DashboardOptions}. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private @Nullable BasicAuth basicAuth;
    private @Nullable String bearerToken;
    private boolean showResults;
    private int resultLimit = DEFAULT_RESULT_LIMIT;
    private Duration sampleEvery = DEFAULT_SAMPLE_EVERY;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder basicAuth(@Nullable BasicAuth basicAuth) {
      this.basicAuth = basicAuth;
      return this;
    }

    public Builder bearerToken(@Nullable String bearerToken) {
      this.bearerToken = bearerToken;
      return this;
    }

    public Builder showResults(boolean showResults) {
      this.showResults = showResults;
      return this;
    }

    public Builder resultLimit(int resultLimit) {
      this.resultLimit = resultLimit;
      return this;
    }

    public Builder sampleEvery(Duration sampleEvery) {
      this.sampleEvery = sampleEvery;
      return this;
    }

    public DashboardOptions build() {
      return new DashboardOptions(host, port, basicAuth, bearerToken, showResults, resultLimit,
          sampleEvery);
    }
  }
}
