package io.taskq.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the user-info of Redis URLs the way Lettuce's {@code RedisURI} does, so that a password is
 * recognised in every form Lettuce accepts: {@code redis://user:pw@host}, {@code redis://:pw@host}
 * and {@code redis://pw@host} (a user-info without {@code ':'} is a password). The user-info ends
 * at the last {@code '@'}, so a password may itself hold {@code '@'}, {@code '/'}, {@code ':'},
 * {@code '?'} or {@code '#'}. A comma-separated list of URLs is read element by element.
 */
public final class RedisUris {
  /** What a password is replaced with. */
  public static final String MASK = "***";
  private static final List<String> SCHEMES = List.of("redis://", "rediss://",
      "redis-sentinel://", "rediss-sentinel://", "redis-cluster://", "rediss-cluster://",
      "redis-socket://");

  private RedisUris() {}

  /**
   * {@code url} with the password of every element replaced by {@link #MASK}, the user and the
   * hosts, ports, database and options kept: {@code redis://user:***@host:6379/0}. A URL without
   * user-info is returned unchanged.
   */
  public static String redact(String url) {
    StringBuilder out = new StringBuilder(url.length());
    for (String element : elements(url)) {
      if (!out.isEmpty()) {
        out.append(',');
      }
      int from = authorityStart(element);
      int at = element.lastIndexOf('@');
      if (at < from) {
        out.append(element);
        continue;
      }
      String userInfo = element.substring(from, at);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : userInfo.substring(0, colon);
      out.append(element, 0, from).append(user).append(':').append(MASK).append(element, at,
          element.length());
    }
    return out.toString();
  }

  /** Whether some element of {@code url} carries a password (any user-info, as for Lettuce). */
  public static boolean hasPassword(String url) {
    for (String element : elements(url)) {
      int from = authorityStart(element);
      int at = element.lastIndexOf('@');
      if (at >= from) {
        String userInfo = element.substring(from, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0 ? !userInfo.isEmpty() : colon < userInfo.length() - 1) {
          return true;
        }
      }
    }
    return false;
  }

  /** Where the user-info would start: after {@code scheme://}, else at 0. */
  private static int authorityStart(String element) {
    int scheme = element.indexOf("://");
    return scheme < 0 ? 0 : scheme + 3;
  }

  /**
   * The URLs of a comma-separated list: a comma starts a new element only when a scheme follows
   * it ({@code ,redis://}, {@code ,rediss://}...), so a comma inside a password or between sentinel hosts does not.
   */
  private static List<String> elements(String url) {
    List<String> out = new ArrayList<>(1);
    int start = 0;
    for (int i = url.indexOf(','); i >= 0; i = url.indexOf(',', i + 1)) {
      if (startsWithScheme(url, i + 1)) {
        out.add(url.substring(start, i));
        start = i + 1;
      }
    }
    out.add(url.substring(start));
    return out;
  }

  private static boolean startsWithScheme(String s, int from) {
    for (String scheme : SCHEMES) {
      if (s.startsWith(scheme, from)) {
        return true;
      }
    }
    return false;
  }
}
