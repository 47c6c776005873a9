package io.taskq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.config.RedisConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedisUrisTest {
  /** Letters that occur nowhere else in the URLs below, so a password cannot hide in them. */
  private static final String LETTERS = "abcXYZ";
  private static final String ALPHABET = LETTERS + ":/@%#?,";

  @Test
  void hidesThePasswordInEveryFormLettuceAccepts() {
    assertThat(RedisConfig.redact("redis://S3cr3t@host:1")).isEqualTo("redis://:***@host:1");
    assertThat(RedisConfig.redact("redis://:ab/S3cr3t@host:1/2"))
        .isEqualTo("redis://:***@host:1/2");
    assertThat(RedisConfig.redact("redis://:ab@S3cr3t@host:1")).isEqualTo("redis://:***@host:1");
    assertThat(RedisConfig.redact("rediss://app:p:w@host:6380/0?timeout=3s"))
        .isEqualTo("rediss://app:***@host:6380/0?timeout=3s");
    assertThat(RedisConfig.redact("redis-sentinel://:pw@h1:26379,h2:26380/0#mymaster"))
        .isEqualTo("redis-sentinel://:***@h1:26379,h2:26380/0#mymaster");
    assertThat(RedisConfig.redact("redis://:p1@h1:1,redis://:p2@h2:2"))
        .isEqualTo("redis://:***@h1:1,redis://:***@h2:2");
    assertThat(RedisConfig.redact("redis://127.0.0.1:6379/3")).isEqualTo("redis://127.0.0.1:6379/3");
  }

  @Test
  void knowsWhetherTheUrlCarriesAPassword() {
    assertThat(RedisUris.hasPassword("redis://S3cr3t@host:1")).isTrue();
    assertThat(RedisUris.hasPassword("redis://:a/b@host:1")).isTrue();
    assertThat(RedisUris.hasPassword("redis://user:@host:1")).isFalse();
    assertThat(RedisUris.hasPassword("redis://host:1")).isFalse();
  }

  @Test
  void generatedPasswordsNeverSurviveRedactionAndHostAndPortStay() {
    Random random = new Random(20261204L);
    for (int i = 0; i < 5_000; i++) {
      int port = 1 + random.nextInt(65_535);
      String pw = password(random, i % 3 == 0);
      String hostPort = "127.0.0.1:" + port;
      String url = switch (i % 3) {
        case 0 -> "redis://" + pw + "@" + hostPort; // password only: no ':' (that would be a user)
        case 1 -> "redis://:" + pw + "@" + hostPort + "/3";
        default -> "rediss://user:" + pw + "@" + hostPort + "/0?timeout=3s";
      };

      String redacted = RedisConfig.redact(url);

      assertThat(redacted).as(url).doesNotContain(pw).contains(hostPort).contains(":***@");
    }
  }

  /** 4 to 24 characters from {@link #ALPHABET}, at least one of them a letter. */
  private static String password(Random random, boolean noColon) {
    StringBuilder pw = new StringBuilder();
    pw.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    int n = 3 + random.nextInt(21);
    while (pw.length() <= n) {
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      if (!(noColon && c == ':')) {
        pw.insert(random.nextInt(pw.length() + 1), c);
      }
    }
    return pw.toString();
  }
}
