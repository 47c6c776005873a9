package io.taskq.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.taskq.BrokerRefusedException;
import io.taskq.BrokerUnavailableException;
import io.taskq.ConfigException;
import io.taskq.TaskqException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Translates Lettuce failures into taskq exceptions, at one place. Messages never hold passwords. */
public final class RedisErrors {
  private RedisErrors() {}

  /** Whether the failure is an authentication or permission refusal. */
  public static boolean isAuthFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null) {
        String u = m.toUpperCase(Locale.ROOT);
        if (u.contains("WRONGPASS") || u.contains("NOAUTH") || u.contains("NOPERM")
            || u.contains("INVALID PASSWORD") || u.contains("AUTH FAILED")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * What the operator should do when Redis refuses writes it could otherwise take, or null when
   * the failure is not such a refusal.
   */
  static @Nullable String refusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null) {
        continue;
      }
      if (m.contains("OOM command not allowed")) {
        return "Redis is out of memory (maxmemory with noeviction): free memory (taskq purge,"
            + " taskq dlq delete) or raise maxmemory";
      }
      if (m.startsWith("READONLY") || m.contains(" READONLY ")) {
        return "this server is a read-only replica: point taskq at the primary";
      }
      if (m.startsWith("WRONGTYPE taskq key")) {
        return "nothing was changed: delete or rename the broken key (taskq health names it)";
      }
      if (m.startsWith("WRONGTYPE")) {
        return "a key holds another type than taskq expects: delete or rename it (taskq health"
            + " names the broken keys of each queue)";
      }
      if (m.startsWith("MISCONF") || m.contains(" MISCONF ")) {
        return "Redis cannot persist to disk and refuses writes: fix its disk or save settings";
      }
    }
    return null;
  }

  /** Whether Redis refused a write because it is at maxmemory with {@code noeviction}. */
  public static boolean isOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("OOM command not allowed")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether Redis wants a password and none was sent: it answers {@code NOAUTH Authentication
   * required} (or, to the HELLO of RESP3, {@code NOAUTH HELLO must be called with the client
   * already authenticated...}); a wrong password is {@code WRONGPASS} instead.
   */
  static boolean isMissingPassword(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.toUpperCase(Locale.ROOT).contains("NOAUTH")) {
        return true;
      }
    }
    return false;
  }

  private static ConfigException passwordMissing(String redactedUrl, Throwable e) {
    return new ConfigException("Redis requires a password: set TASKQ_REDIS_PASSWORD or"
        + " redis.password (or put it in the URL, redis://:PASSWORD@host:port); Redis at "
        + redactedUrl + " answered NOAUTH", e);
  }

  /** The failure of a connection attempt: auth refusals are configuration errors. */
  public static TaskqException onConnect(Throwable e, String redactedUrl) {
    if (isMissingPassword(e)) {
      return passwordMissing(redactedUrl, e);
    }
    if (isAuthFailure(e)) {
      return new ConfigException("Redis at " + redactedUrl + " refused authentication ("
          + firstLine(rootMessage(e)) + "); check the user and password");
    }
    if (rootMessage(e).contains("DB index is out of range")) {
      // waiting would not help: the server has fewer databases (its databases setting, 16 by
      // default) than the URL's /db asks for
      return new ConfigException("Redis at " + redactedUrl + " has no such database ("
          + firstLine(rootMessage(e)) + "); name one below its databases setting (16 by"
          + " default)");
    }
    return new BrokerUnavailableException("Redis at " + redactedUrl + " is unreachable: "
        + firstLine(rootMessage(e)), e);
  }

  /** The failure of a command. */
  public static TaskqException onCommand(RuntimeException e, String what, String redactedUrl) {
    if (e instanceof TaskqException te) {
      return te;
    }
    if (e instanceof RedisCommandInterruptedException) {
      Thread.currentThread().interrupt();
      return new BrokerUnavailableException(what + " interrupted", e);
    }
    if (e instanceof RedisCommandTimeoutException || e instanceof RedisConnectionException) {
      return new BrokerUnavailableException("Redis at " + redactedUrl + " did not answer " + what
          + ": " + firstLine(rootMessage(e)), e);
    }
    if (e instanceof RedisCommandExecutionException && isMissingPassword(e)) {
      return passwordMissing(redactedUrl, e);
    }
    if (e instanceof RedisCommandExecutionException && isAuthFailure(e)) {
      return new ConfigException("Redis at " + redactedUrl + " refused " + what + " ("
          + firstLine(rootMessage(e)) + "); check the ACL of the taskq user", e);
    }
    if (e instanceof RedisCommandExecutionException && refusal(e) != null) {
      return new BrokerRefusedException("Redis at " + redactedUrl + " refused " + what + ": "
          + firstLine(rootMessage(e)) + "; " + refusal(e), e);
    }
    if (e instanceof RedisCommandExecutionException) {
      return new TaskqException("Redis at " + redactedUrl + " failed " + what + ": "
          + firstLine(rootMessage(e)), e);
    }
    if (e instanceof RedisException) {
      // "Connection closed", "Currently not connected" (REJECT_COMMANDS), event loop shut down
      return new BrokerUnavailableException("Redis at " + redactedUrl + " is unavailable for "
          + what + ": " + firstLine(rootMessage(e)), e);
    }
    return new TaskqException("unexpected failure during " + what + ": " + e, e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
