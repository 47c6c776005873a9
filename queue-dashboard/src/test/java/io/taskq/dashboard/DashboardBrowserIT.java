package io.taskq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskq.Inspector;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.worker.Worker;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The UI in headless Chromium ({@code ui/e2e.mjs}, playwright-core driving Debian's
 * {@code /usr/bin/chromium}) against a real Redis with tasks in every state and a running
 * worker: the overview loads, a dead task replayed by clicking completes, a queue is paused and
 * resumed, a request without the token is refused, and the docs' screenshots are taken (into
 * {@code target/e2e-screenshots}, or {@code -Ddashboard.screenshots=../docs/images}).
 */
class DashboardBrowserIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  static final Path UI = Path.of("ui");
  static final Path CHROMIUM = Path.of(System.getProperty("taskq.chromium", "/usr/bin/chromium"));
  static final Duration BUDGET = Duration.ofSeconds(120);

  @Test
  void replaysADeadTaskByClickingAndSeesItComplete() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM
        + ": the browser test is skipped (apt-get install chromium)");
    assumeTrue(onPath("node"), "no node on the PATH: the browser test is skipped");
    assumeTrue(nodeMajor() >= 20, "node is older than 20 (playwright-core needs 20): the"
        + " browser test is skipped");
    assumeTrue(Files.isDirectory(UI.resolve("node_modules/playwright-core")),
        "ui/node_modules has no playwright-core (the npm build was skipped): the browser test"
            + " is skipped");
    Path shots = Path.of(System.getProperty("taskq.dashboard.screenshots",
        "target/e2e-screenshots"));
    Path log = Files.createDirectories(Path.of("target")).resolve("e2e.log");

    try (RedisBroker broker = RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url()))
        .build()) {
      Seed seed = Seed.into(broker);
      Inspector inspector = Inspector.create(broker, Seed.CONFIG);
      // the charge "bug" is fixed: a replayed charge succeeds
      Worker worker = Worker.builder().broker(broker).config(Seed.CONFIG).queues("billing")
          .register(Seed.CHARGE, (m, ctx) -> "charged " + m.to()).build();
      try (worker;
          Dashboard open = Dashboard.start(inspector, DashboardOptions.builder().port(0)
              .sampleEvery(Duration.ofMillis(500)).build());
          Dashboard secured = Dashboard.start(inspector, DashboardOptions.builder().port(0)
              .bearerToken("e2e-token").build())) {
        worker.start();
        ProcessBuilder pb = new ProcessBuilder("node", "e2e.mjs").directory(UI.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of(
            "DASHBOARD_URL", open.uri().toString(),
            "AUTH_URL", secured.uri().toString(),
            "AUTH_TOKEN", "e2e-token",
            "EMAIL_DEAD_ID", seed.dead.get(0),
            "REPLAY_ID", seed.billingDead.get(0),
            "SHOTS_DIR", shots.toAbsolutePath().toString(),
            "CHROMIUM", CHROMIUM.toString()));
        Process node = pb.start();
        boolean ended = node.waitFor(BUDGET.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
          node.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("e2e.mjs ended within %s:%n%s", BUDGET, out).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        assertThat(out).contains("e2e: all steps passed");
      }
      assertThat(inspector.task(seed.billingDead.get(0)).orElseThrow().state())
          .isEqualTo(TaskState.SUCCEEDED);
      assertThat(inspector.stats("email").paused()).isFalse();
      for (String shot : new String[] {"overview", "queue", "dlq", "task"}) {
        assertThat(shots.resolve("dashboard-" + shot + ".png")).isNotEmptyFile();
      }
    }
  }

  private static int nodeMajor() throws Exception {
    Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
    String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    Matcher m = Pattern.compile("v(\\d+)\\.").matcher(v);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
