package io.taskq.redis.internal;

import io.taskq.redis.RedisKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One Lua script of the library, read from {@code io/taskq/redis/lua/<name>.lua}, with the shared
 * functions of {@code lua/lib/} prepended (after the script's {@code #!lua} line, if any: Redis
 * reads flags only from the first line). A script of one queue declares its key list here, in the
 * order of its header's {@code KEYS[n]} lines; {@link #checkCall} holds every call to the header.
 */
public enum Script {
  ENQUEUE("enqueue", k -> new String[] {k.tasks(), k.pending(), k.scheduled(), k.marker(),
      k.unique(), k.uniqueExpiry(), k.dead(), k.priority(), k.prioritized(), k.links(), k.records()}),
  CLAIM("claim", k -> new String[] {k.pending(), k.active(), k.lease(), k.tasks(), k.crashes(),
      k.paused(), k.marker(), k.prioritized(), k.revoked(), k.rate()}),
  ACK_CLAIM("ack_claim", k -> new String[] {k.pending(), k.active(), k.lease(), k.tasks(),
      k.crashes(), k.paused(), k.marker(), k.prioritized(), k.revoked(), k.rate(), k.stats(),
      k.results(), k.resultsExpiry(), k.records(), k.priority(), k.links(), k.outbox()}),
  MARK_STARTED("mark_started", k -> new String[] {k.active(), k.lease()}),
  EXTEND("extend", k -> new String[] {k.active(), k.lease()}),
  ACK("ack", k -> new String[] {k.tasks(), k.active(), k.lease(), k.crashes(), k.stats(),
      k.results(), k.resultsExpiry(), k.records(), k.priority(), k.rate(), k.marker(), k.links(),
      k.outbox()}),
  RETRY("retry", k -> new String[] {k.tasks(), k.active(), k.lease(), k.retry(), k.marker(),
      k.stats(), k.revoked()}),
  DEAD_LETTER("dead_letter", k -> new String[] {k.tasks(), k.active(), k.lease(), k.dead(),
      k.stats(), k.crashes(), k.priority(), k.rate(), k.marker(), k.results(), k.resultsExpiry(),
      k.records(), k.links(), k.outbox()}),
  REQUEUE("requeue", k -> new String[] {k.active(), k.lease(), k.pending(), k.marker(),
      k.priority(), k.prioritized()}),
  FORWARD("forward", k -> new String[] {k.scheduled(), k.retry(), k.pending(), k.marker(),
      k.priority(), k.prioritized()}),
  REAP("reap", k -> new String[] {k.active(), k.lease(), k.pending(), k.crashes(), k.dead(),
      k.tasks(), k.stats(), k.reaper(), k.marker(), k.priority(), k.prioritized(), k.revoked(),
      k.results(), k.resultsExpiry(), k.records(), k.links(), k.outbox()}),
  REVOKE("revoke", k -> new String[] {k.tasks(), k.pending(), k.scheduled(), k.retry(),
      k.active(), k.lease(), k.dead(), k.crashes(), k.revoked(), k.stats(), k.results(),
      k.resultsExpiry(), k.records(), k.priority(), k.prioritized(), k.links(), k.outbox()}),
  FINISH("finish", k -> new String[] {k.tasks(), k.active(), k.lease(), k.crashes(), k.stats(),
      k.results(), k.resultsExpiry(), k.records(), k.priority(), k.rate(), k.marker(), k.links(),
      k.outbox()}),
  COUNTS("counts", k -> new String[] {k.pending(), k.active(), k.scheduled(), k.retry(),
      k.dead(), k.prioritized()}),
  FIND("find", k -> new String[] {k.tasks(), k.active(), k.lease(), k.scheduled(), k.retry(),
      k.dead(), k.pending(), k.crashes(), k.results(), k.resultsExpiry(), k.records(),
      k.prioritized()}),
  LIST_PAGE("list_page", k -> new String[] {k.tasks(), k.active(), k.lease(), k.scheduled(),
      k.retry(), k.dead(), k.pending(), k.crashes(), k.results(), k.resultsExpiry(), k.records(),
      k.prioritized()}),
  RESULT("result", k -> new String[] {k.results(), k.resultsExpiry()}),
  BEAT_FIRE("beat_fire", k -> new String[] {k.tasks(), k.pending(), k.marker(), k.beat(),
      k.dead()}),
  /** Global key: {@link RedisKeys#BEAT_LEADER}. */
  BEAT_LEAD("beat_lead", null),
  /** Global key: {@link RedisKeys#BEAT_LEADER}. */
  BEAT_RESIGN("beat_resign", null),
  /** Its first key is the index of the state purged, so the caller builds the list. */
  PURGE("purge", null),
  REPLAY("replay", k -> new String[] {k.dead(), k.tasks(), k.pending(), k.crashes(),
      k.marker(), k.priority(), k.prioritized()}),
  DEAD_DELETE("dead_delete", k -> new String[] {k.dead(), k.tasks(), k.crashes(),
      k.priority()}),
  FSCK_REPAIR("fsck_repair", k -> new String[] {k.tasks(), k.pending(), k.active(), k.scheduled(),
      k.retry(), k.dead(), k.lease(), k.marker(), k.resultsExpiry(), k.priority(),
      k.prioritized()}),
  PENDING_IDS("pending_ids", k -> new String[] {k.pending(), k.prioritized()}),
  PAUSE("pause", k -> new String[] {k.paused(), k.marker()}),
  /** Key: {@link RedisKeys#workflow}, in a slot of its own. */
  WORKFLOW_CREATE("workflow_create", null),
  /** Key: {@link RedisKeys#workflow}, in a slot of its own. */
  WORKFLOW_SETTLE("workflow_settle", null);

  /** Static state the constants use while they are built (an enum's own statics come later). */
  private static final class Lib {
    /** Prepended in this order; each defines local functions only. */
    static final String SOURCE = Stream.of("check_types", "now", "wake", "fence", "dlq",
        "records", "pending", "rate", "links", "ack", "claim")
        .map(l -> read("/io/taskq/redis/lua/lib/" + l + ".lua")).collect(Collectors.joining());
    static final Pattern KEY = Pattern.compile("KEYS\\[(\\d+)]");
    static final Pattern ARG = Pattern.compile("ARGV\\[(\\d+)(\\.\\.)?]");
  }

  private final String name;
  private final @Nullable Function<RedisKeys, String[]> keys;
  private final String body;
  private final String source;
  private final String sha;
  private final int keyCount;
  private final int argCount;
  private final boolean moreArgs;

  Script(String name, @Nullable Function<RedisKeys, String[]> keys) {
    this.name = name;
    this.keys = keys;
    this.body = read("/io/taskq/redis/lua/" + name + ".lua");
    this.source = withLibs(body);
    this.sha = sha1(source);
    List<String> header = header();
    this.keyCount = header.stream().filter(l -> l.startsWith("KEYS"))
        .mapToInt(l -> highest(Lib.KEY.matcher(l))).max().orElse(0);
    List<String> argLines = header.stream().filter(l -> l.startsWith("ARGV")).toList();
    this.argCount = argLines.stream().mapToInt(l -> highest(Lib.ARG.matcher(l))).max().orElse(0);
    this.moreArgs = argLines.stream().anyMatch(l -> l.contains("..]"));
  }

  /** The script's file name without extension. */
  public String scriptName() {
    return name;
  }

  /** The Lua source, with the shared functions. */
  public String source() {
    return source;
  }

  /** The SHA-1 Redis knows the script by. */
  public String sha() {
    return sha;
  }

  /**
   * The keys of this script for one queue, in the order of its header.
   *
   * @throws IllegalStateException for a script whose caller builds its key list
   */
  public String[] keys(RedisKeys k) {
    if (keys == null) {
      throw new IllegalStateException("script " + name + " has no key list of one queue");
    }
    return keys.apply(k);
  }

  /** Whether {@link #keys} builds this script's key list. */
  public boolean declaresKeys() {
    return keys != null;
  }

  /**
   * The header's comment lines (after a {@code #!lua} line) with {@code "-- "} cut, up to the
   * first line of code.
   */
  public List<String> header() {
    return body.lines().dropWhile(l -> l.startsWith("#!"))
        .takeWhile(l -> l.startsWith("--")).map(l -> l.substring(2).strip()).toList();
  }

  /** How many keys the header names ({@code KEYS[n]} lines). */
  public int keyCount() {
    return keyCount;
  }

  /**
   * Refuses a call whose keys or arguments do not fit the header: as many keys as its
   * {@code KEYS[n]} lines name, and the {@code ARGV[n]} it names (more only where the header has
   * an {@code ARGV[n..]} entry). A mismatch is a bug in the caller: Lua would read nil instead.
   *
   * @throws IllegalStateException on a mismatch
   */
  public void checkCall(String[] callKeys, String[] args) {
    boolean argsFit = moreArgs ? args.length >= argCount - 1 : args.length == argCount;
    if (callKeys.length != keyCount || !argsFit) {
      throw new IllegalStateException("script " + name + " takes " + keyCount + " keys and "
          + (moreArgs ? "at least " + (argCount - 1) : argCount) + " arguments (its header),"
          + " called with " + callKeys.length + " keys and " + args.length + " arguments");
    }
  }

  private static int highest(Matcher m) {
    int max = 0;
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return max;
  }

  private static String withLibs(String body) {
    String libs = Lib.SOURCE;
    if (body.startsWith("#!")) {
      int nl = body.indexOf('\n');
      return body.substring(0, nl + 1) + libs + body.substring(nl + 1);
    }
    return libs + body;
  }

  private static String read(String path) {
    try (InputStream in = Script.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("script resource missing: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("script resource unreadable: " + path, e);
    }
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
