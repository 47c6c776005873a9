package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.test.redis.RedisServer;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the launcher prints when Redis refuses writes part-way (maxmemory with noeviction) and
 * when a password is in the URL or in a file.
 */
class ClientFaultsIT {
  private static final String PASSWORD = "Right-pw-7731";
  private static final String SECRET = "S3cr3t";

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension(
      "--requirepass", PASSWORD, "--maxmemory-policy", "noeviction");

  @TempDir Path dir;
  private Launcher taskq;

  @BeforeEach
  void setUp() {
    taskq = new Launcher(dir);
  }

  @AfterEach
  void tearDown() {
    redis("CONFIG", "SET", "maxmemory", "0");
    redis("FLUSHALL");
  }

  private static String redis(String... args) {
    List<String> all = new ArrayList<>(List.of("-a", PASSWORD, "--no-auth-warning"));
    all.addAll(List.of(args));
    return REDIS.server().cli(all.toArray(String[]::new));
  }

  private static String hostPort() {
    return "127.0.0.1:" + REDIS.server().port();
  }

  private static String url() {
    return "redis://:" + PASSWORD + "@" + hostPort();
  }

  @Test
  void callCountRefusedPartWayPrintsTheEnqueuedIdsAndExitsRefused() {
    assertThat(taskq.run("call", "--redis", url(), "probe.noop", "-Q", "oom").exitCode(
        Duration.ZERO)).isZero();
    long used = Long.parseLong(redis("INFO", "memory").lines()
        .filter(l -> l.startsWith("used_memory:")).findFirst().orElseThrow().substring(12).trim());
    redis("CONFIG", "SET", "maxmemory", Long.toString(used + 3 * 1024 * 1024));

    Run r = taskq.run("call", "--redis", url(), "probe.noop", "-Q", "oom", "--count", "20000",
        "--args", "{\"pad\": \"" + "x".repeat(500) + "\"}");

    assertThat(r.exitCode(Duration.ZERO)).as(r.stderr()).isEqualTo(3);
    List<String> ids = r.stdout().lines().toList();
    assertThat(ids).isNotEmpty().hasSizeLessThan(20_000).doesNotHaveDuplicates();
    assertThat(ids.size() % 1000).isZero();
    assertThat(r.stderr().strip()).startsWith("taskq: refused by Redis after " + ids.size()
        + " of 20000 tasks: ").contains("out of memory").doesNotContain(PASSWORD)
        .doesNotContain("\n");
    assertThat(redis("LLEN", "taskq:{oom}:pending")).isEqualTo(Integer.toString(ids.size() + 1));

    redis("CONFIG", "SET", "maxmemory", "1");
    Run one = taskq.run("call", "--redis", url(), "probe.noop", "-Q", "oom");
    assertThat(one.exitCode(Duration.ZERO)).as(one.stderr()).isEqualTo(3);
    assertThat(one.stderr()).contains("out of memory").doesNotContain(PASSWORD);
    assertThat(one.stdout()).isEmpty();
  }

  @Test
  void passwordsInEveryUrlFormStayOutOfMessagesAndLogs() {
    List<String> urls = List.of("redis://" + SECRET + "@" + hostPort(),
        "redis://:ab/" + SECRET + "@" + hostPort(), "redis://:ab@" + SECRET + "@" + hostPort(),
        "rediss://:" + SECRET + "#x@" + hostPort(), "redis://:" + SECRET + "?x@" + hostPort());
    List<List<String>> commands = new ArrayList<>();
    urls.forEach(url -> commands.add(List.of("call", "--redis", url, "probe.noop")));
    commands.add(List.of("health", "--redis", "redis://" + SECRET + "@" + hostPort()));
    List<Run> runs = taskq.runAll(commands); // independent: two at a time
    for (int i = 0; i < urls.size(); i++) {
      Run call = runs.get(i);
      assertThat(call.exitCode(Duration.ZERO)).as(urls.get(i)).isNotZero();
      assertThat(call.stderr()).as(urls.get(i)).contains(hostPort()).doesNotContain(SECRET);
    }
    Run health = runs.get(urls.size());
    assertThat(health.stdout() + health.stderr()).contains(hostPort()).doesNotContain(SECRET);

    String down = "127.0.0.1:" + RedisServer.freePort();
    Run worker = taskq.start("worker", "--redis", "redis://" + SECRET + "@" + down);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> worker.stderr().contains("retrying"));
      assertThat(worker.stderr() + worker.stdout()).contains(down).doesNotContain(SECRET);
    } finally {
      worker.process().destroyForcibly();
    }
  }

  @Test
  void thePasswordCanComeFromAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("redis.pw"), PASSWORD + "\n");
    Run ok = taskq.start(Map.of("TASKQ_REDIS_PASSWORD_FILE", file.toString()), "health",
        "--redis", "redis://" + hostPort());
    assertThat(ok.exitCode(Duration.ofMinutes(1))).as(ok.stderr()).isZero();

    Run missing = taskq.start(Map.of("TASKQ_REDIS_PASSWORD_FILE", dir.resolve("no.pw").toString()),
        "health", "--redis", "redis://" + hostPort());
    assertThat(missing.exitCode(Duration.ofMinutes(1))).isEqualTo(1);
    assertThat(missing.stderr().strip()).contains("redis.passwordFile: cannot read the password"
        + " file").doesNotContain("\n");
  }
}
