package io.taskq.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script of the library, read from {@code io/taskq/redis/lua/<name>.lua}, with the helpers
 * of {@code lua/lib/check_types.lua} prepended (after the script's {@code #!lua} line, if any: Redis
 * reads flags only from the first line).
 */
public enum Script {
  ENQUEUE("enqueue"),
  CLAIM("claim"),
  MARK_STARTED("mark_started"),
  EXTEND("extend"),
  ACK("ack"),
  RETRY("retry"),
  DEAD_LETTER("dead_letter"),
  REQUEUE("requeue"),
  FORWARD("forward"),
  REAP("reap"),
  COUNTS("counts"),
  FIND("find"),
  RESULT("result"),
  BEAT_FIRE("beat_fire"),
  BEAT_LEAD("beat_lead"),
  BEAT_RESIGN("beat_resign"),
  PURGE("purge"),
  REPLAY("replay"),
  DEAD_DELETE("dead_delete"),
  FSCK_REPAIR("fsck_repair"),
  PAUSE("pause");

  private static final String LIB = "/io/taskq/redis/lua/lib/check_types.lua";

  private final String name;
  private final String source;
  private final String sha;

  Script(String name) {
    this.name = name;
    this.source = withLib(read("/io/taskq/redis/lua/" + name + ".lua"));
    this.sha = sha1(source);
  }

  /** The script's file name without extension. */
  public String scriptName() {
    return name;
  }

  /** The Lua source. */
  public String source() {
    return source;
  }

  /** The SHA-1 Redis knows the script by. */
  public String sha() {
    return sha;
  }

  private static String withLib(String body) {
    String lib = read(LIB);
    if (body.startsWith("#!")) {
      int nl = body.indexOf('\n');
      return body.substring(0, nl + 1) + lib + body.substring(nl + 1);
    }
    return lib + body;
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
