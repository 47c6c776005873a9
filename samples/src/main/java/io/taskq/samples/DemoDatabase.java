package io.taskq.samples;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.ConfigException;
import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisKeys;
import io.taskq.redis.internal.RedisClients;

/**
 * The Redis database the demo works in, so it never mixes its tasks with a user's: database
 * {@value #DATABASE} unless the URL names one. The demo claims it with a marker key, refuses a
 * database that holds keys without that marker (data it did not write; the layout version that
 * any taskq client writes on connecting aside), and at the end removes
 * every key of its database (SCAN + UNLINK, never FLUSHDB, which hardened servers rename).
 */
final class DemoDatabase implements AutoCloseable {
  static final int DATABASE = 15;
  /** Present while the database holds the demo's data (and only the demo's). */
  static final String MARKER = "taskq-demo:owner";

  private final RedisConfig config;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  private DemoDatabase(RedisConfig config) {
    this.config = config;
    this.client = RedisClients.create(config);
    try {
      this.connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
    this.redis = connection.sync();
  }

  /** The URL with database {@value #DATABASE} when it names none ({@code redis://h:p/N} does). */
  static String url(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int end = url.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = url.indexOf(c, scheme + 3);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    if (end < url.length() && url.charAt(end) == '/'
        && url.substring(end + 1).matches("\\d+([?#].*)?")) {
      return url;
    }
    String rest = url.substring(end);
    if (rest.equals("/") || rest.startsWith("/?") || rest.startsWith("/#")) {
      rest = rest.substring(1);
    }
    return url.substring(0, end) + "/" + DATABASE + rest;
  }

  /**
   * Claims the database of {@code config}: empty, or the demo's from an earlier run.
   *
   * @throws ConfigException when it holds keys the demo did not write
   */
  static DemoDatabase claim(RedisConfig config) {
    DemoDatabase db = new DemoDatabase(config);
    try {
      // opening a broker writes the layout version, before the demo can claim the database
      long keys = db.redis.dbsize() - db.redis.exists(RedisKeys.VERSION);
      if (keys > 0 && db.redis.exists(MARKER) == 0) {
        throw new ConfigException("demo: " + config.redactedUrl() + " holds data that taskq demo"
            + " did not write; give the demo an empty database, e.g. --redis redis://host:port/N");
      }
      db.redis.set(MARKER, "taskq demo");
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Removes every key of the demo's database; returns how many. */
  long clean() {
    long removed = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.limit(1000));
      if (!page.getKeys().isEmpty()) {
        removed += redis.unlink(page.getKeys().toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return removed;
  }

  /** The database, as the demo names it in its output. */
  String describe() {
    return "database " + RedisClients.uri(config).getDatabase();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
