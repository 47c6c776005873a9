package io.taskq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Names of the shards of a sharded queue. A queue with {@link QueueConfig#shards()} {@code N > 1}
 * is one <em>logical</em> queue spread over {@code N} <em>physical</em> queues named
 * {@code email#0} .. {@code email#N-1}, each an ordinary queue of the broker with its own hash
 * tag, so on a Redis Cluster the shards land in different slots and on different masters. A queue
 * with one shard is its own physical queue: {@code email}, as before sharding existed.
 *
 * <p>User queue names never contain {@code #} ({@link QueueConfig#NAME_PATTERN}), so a physical
 * name maps to exactly one logical queue and shard.
 */
public final class QueueShards {
  /** Separates a queue's name from its shard number. */
  public static final char SEPARATOR = '#';
  /** Most shards a queue may have. */
  public static final int MAX_SHARDS = 256;
  private static final Pattern SHARD = Pattern.compile("([A-Za-z0-9._-]{1,64})#(0|[1-9][0-9]{0,2})");

  private QueueShards() {}

  /** The physical name of shard {@code index} of {@code queue}: {@code queue#index}. */
  public static String shard(String queue, int index) {
    QueueConfig.requireValidName(queue);
    if (index < 0 || index >= MAX_SHARDS) {
      throw new IllegalArgumentException("queue " + queue + ": shard must be 0 to "
          + (MAX_SHARDS - 1) + ", was " + index);
    }
    return queue + SEPARATOR + index;
  }

  /**
   * The physical queues of a queue with {@code shards} shards: itself when 1, else
   * {@code queue#0} .. {@code queue#shards-1}.
   */
  public static List<String> physical(String queue, int shards) {
    if (shards <= 1) {
      return List.of(QueueConfig.requireValidName(queue));
    }
    List<String> out = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      out.add(shard(queue, i));
    }
    return out;
  }

  /** True for a shard's name ({@code email#2}), false for a queue's own name. */
  public static boolean isShard(String name) {
    // a queue's own name never holds '#': the common case needs no regex (it runs per submit)
    return name.indexOf('#') >= 0 && SHARD.matcher(name).matches();
  }

  /** The logical queue of a physical name: {@code email} for {@code email#2} and {@code email}. */
  public static String logical(String name) {
    Matcher m = SHARD.matcher(name);
    return m.matches() ? m.group(1) : name;
  }

  /** The shard number of a physical name, -1 for a queue that is not a shard. */
  public static int index(String name) {
    Matcher m = SHARD.matcher(name);
    return m.matches() ? Integer.parseInt(m.group(2)) : -1;
  }

  /**
   * Checks a physical queue name: a queue name ({@link QueueConfig#requireValidName}) or the name
   * of one of its shards.
   *
   * @throws IllegalArgumentException naming the bad value and the expected forms
   */
  public static String requireValid(String name) {
    Objects.requireNonNull(name, "queue name");
    if (!QueueConfig.NAME_PATTERN.matcher(name).matches() && !isShard(name)) {
      throw new IllegalArgumentException("queue name must match [A-Za-z0-9._-]{1,64}, or name a"
          + " shard as queue#N (N 0 to " + (MAX_SHARDS - 1) + "), was '" + name + "'");
    }
    return name;
  }

  /**
   * The shard of a task submitted with {@code key} to a queue of {@code shards} shards: the
   * CRC-32 of the key's UTF-8 bytes modulo {@code shards}. Stable across processes, versions and
   * languages, so every task of one key goes to one shard and keeps its order there.
   */
  public static int byKey(String key, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    }
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards);
  }

  /**
   * Groups physical names by logical queue, sorted by logical name, each group's shards in shard
   * order (the queue's own name first when it has one).
   */
  public static Map<String, List<String>> group(Collection<String> physical) {
    Map<String, TreeMap<Integer, String>> byQueue = new TreeMap<>();
    for (String name : physical) {
      byQueue.computeIfAbsent(logical(name), k -> new TreeMap<>()).put(index(name), name);
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    byQueue.forEach((q, shards) -> out.put(q, List.copyOf(shards.values())));
    return out;
  }
}
