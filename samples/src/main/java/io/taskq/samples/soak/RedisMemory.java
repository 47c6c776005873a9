package io.taskq.samples.soak;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.BrokerUnavailableException;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.RedisClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Redis's own figures for the soak: {@code used_memory} from {@code INFO memory} and the keys of
 * the taskq namespace (counted with {@code SCAN}, never {@code KEYS}). Standalone Redis only: for a
 * cluster seed list or the embedded broker there is nothing to read ({@link #open} is empty).
 */
final class RedisMemory implements AutoCloseable {
  /** Every key taskq writes starts with this. */
  static final String NAMESPACE = "taskq:";

  /** Redis memory and the taskq keys at one moment. */
  record Snapshot(long usedMemory, long taskqKeys, List<String> soakKeys) {}

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;

  private RedisMemory(RedisClient client, StatefulRedisConnection<String, String> connection) {
    this.client = client;
    this.connection = connection;
    this.redis = connection.sync();
  }

  /** A connection for the figures, or empty when the URL is not one standalone Redis. */
  static Optional<RedisMemory> open(RedisConfig config) {
    String url = config.url();
    if ((!url.startsWith("redis://") && !url.startsWith("rediss://")) || url.contains(",")) {
      return Optional.empty();
    }
    RedisURI uri = RedisClients.uri(config); // URL errors never show a password
    RedisClient client = RedisClient.create(uri);
    try {
      return Optional.of(new RedisMemory(client, client.connect()));
    } catch (RuntimeException e) {
      client.shutdown();
      throw new BrokerUnavailableException("soak: Redis at " + config.redactedUrl()
          + " is unreachable for INFO memory", e);
    }
  }

  /** {@code used_memory}, in bytes. */
  long usedMemory() {
    for (String line : redis.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    return -1;
  }

  /** Memory, the number of taskq keys and the names of those of the soak queues. */
  Snapshot snapshot(List<String> queues) {
    long count = 0;
    TreeSet<String> soak = new TreeSet<>();
    ScanArgs args = ScanArgs.Builder.matches(NAMESPACE + "*").limit(1000);
    KeyScanCursor<String> cursor = redis.scan(args);
    while (true) {
      for (String key : cursor.getKeys()) {
        count++;
        if (queues.stream().anyMatch(q -> key.startsWith(NAMESPACE + "{" + q + "}"))) {
          soak.add(key);
        }
      }
      if (cursor.isFinished()) {
        break;
      }
      cursor = redis.scan(ScanCursor.of(cursor.getCursor()), args);
    }
    return new Snapshot(usedMemory(), count, new ArrayList<>(soak));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
