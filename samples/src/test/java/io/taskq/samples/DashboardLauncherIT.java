package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskq dashboard} as operators start it: the launcher, a config file, a token. */
class DashboardLauncherIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final Pattern ADDRESS = Pattern.compile("Dashboard on (http://127\\.0\\.0\\.1:"
      + "\\d+/)");

  @TempDir Path dir;

  @Test
  void servesEveryConfiguredQueueToATokenHolderAndStopsOnSigterm() throws Exception {
    Files.writeString(dir.resolve("taskq.yaml"), "queues:\n  email: {}\n  reports: {}\n");
    Launcher taskq = new Launcher(dir, false);
    Run run = taskq.start(Map.of("DASHBOARD_TOKEN", "launcher-token"), "dashboard", "--port",
        "0", "--redis", REDIS.url(), "--auth-token-env", "DASHBOARD_TOKEN");
    try {
      String[] base = new String[1];
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        Matcher m = ADDRESS.matcher(run.stderr());
        if (m.find()) {
          base[0] = m.group(1);
        }
        return base[0] != null || !run.process().isAlive();
      });
      assertThat(base[0]).as(run.stderr()).isNotNull();
      HttpClient http = HttpClient.newHttpClient();
      URI queues = URI.create(base[0] + "api/queues");
      assertThat(http.send(HttpRequest.newBuilder(queues).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(queues)
          .header("Authorization", "Bearer launcher-token").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"queue\":\"email\"", "\"queue\":\"reports\"",
          "\"pending\":0", "\"dead\":0", "\"paused\":false");
    } finally {
      run.process().destroy(); // SIGTERM
    }
    assertThat(run.exitCode(Duration.ofSeconds(20))).as(run.stderr()).isZero();
  }

  @Test
  void refusesToStartWithoutItsSecretInOneLine() {
    Run run = new Launcher(dir).run("dashboard", "--port", "0", "--redis", REDIS.url(),
        "--auth-token-env", "TASKQ_TEST_UNSET_TOKEN");
    assertThat(run.exitCode(Duration.ofSeconds(5))).isEqualTo(1);
    assertThat(run.stderr().strip()).isEqualTo("taskq: --auth-token-env: environment variable"
        + " TASKQ_TEST_UNSET_TOKEN is not set or empty");
  }
}
