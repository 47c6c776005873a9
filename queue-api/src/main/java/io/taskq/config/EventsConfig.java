package io.taskq.config;

/**
 * The task event stream ({@code events:} in {@code taskq.yaml}): when enabled, clients and
 * workers append an event per lifecycle step to one capped stream per deployment, read by
 * {@code taskq events}. Best-effort: an event that cannot be sent at once is dropped and counted.
 *
 * @param enabled whether events are published (default false)
 * @param maxLen about how many events the stream keeps; older ones are trimmed (default 100,000)
 */
public record EventsConfig(boolean enabled, long maxLen) {
  public static final long DEFAULT_MAX_LEN = 100_000;
  /** Largest cap accepted. */
  public static final long MAX_MAX_LEN = 100_000_000;
  /** Events off, with the default cap. */
  public static final EventsConfig OFF = new EventsConfig(false, DEFAULT_MAX_LEN);
  /** Events on, with the default cap. */
  public static final EventsConfig ON = new EventsConfig(true, DEFAULT_MAX_LEN);

  public EventsConfig {
    if (maxLen < 1 || maxLen > MAX_MAX_LEN) {
      throw new IllegalArgumentException("events.maxLen must be between 1 and " + MAX_MAX_LEN
          + ", was " + maxLen);
    }
  }
}
