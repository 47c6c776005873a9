package io.taskq.celery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.test.redis.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java {@link CeleryClient} against a real Python {@code celery worker} (the peer app
 * celery_worker_app.py): what Java sends runs there, and Java reads the results back.
 */
class CeleryClientIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  @TempDir static Path dir;
  static final Duration WAIT = Duration.ofSeconds(30);

  private static Process worker;
  private static CeleryClient celery;

  @BeforeAll
  static void startCeleryWorker() {
    CeleryPeers.assumeInstalled();
    worker = CeleryPeers.worker(REDIS.url() + "/0", dir.resolve("celery-worker.log"), "celery,myq");
    celery = CeleryClient.connect(REDIS.url() + "/0");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (celery != null) {
      celery.close();
    }
    if (worker != null) {
      worker.destroy(); // SIGTERM: Celery's warm shutdown
      if (!worker.waitFor(20, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  @Test
  void aRealCeleryWorkerRunsWhatJavaSendsAndJavaReadsTheResults() throws Exception {
    CeleryResult add = celery.send("tasks.add", List.of(2, 3), Map.of(), CeleryOptions.DEFAULT);
    CeleryResult echo = celery.send("tasks.echo", List.of(1, "two", "\u00e9\uD83D\uDE00"),
        Map.of("big", Long.MAX_VALUE, "f", 0.5), CeleryOptions.DEFAULT);
    CeleryResult retried = celery.send("tasks.fail_once", List.of("v"), Map.of(),
        CeleryOptions.DEFAULT);

    assertThat(add.get(WAIT)).as(log()).isEqualTo(5);
    assertThat(echo.get(WAIT)).isEqualTo(Map.of("args", List.of(1, "two", "\u00e9\uD83D\uDE00"),
        "kwargs", Map.of("big", Long.MAX_VALUE, "f", 0.5)));
    assertThat(retried.get(WAIT)).isEqualTo("v");
    assertThat(add.state()).isEqualTo("SUCCESS");
  }

  @Test
  void failuresUnknownTasksAndExpiredTasksComeBackAsCeleryTaskExceptions() {
    CeleryResult boom = celery.send("tasks.boom", List.of("boom 1"), Map.of(),
        CeleryOptions.DEFAULT);
    CeleryResult nope = celery.send("tasks.nope", List.of(), Map.of(), CeleryOptions.DEFAULT);
    CeleryResult expired = celery.send("tasks.add", List.of(1, 1), Map.of(),
        CeleryOptions.builder().countdown(Duration.ofSeconds(1)).expiresIn(Duration.ofMillis(1))
            .build());

    assertThatThrownBy(() -> boom.get(WAIT)).isInstanceOfSatisfying(CeleryTaskException.class,
        e -> {
          assertThat(e.state()).isEqualTo("FAILURE");
          assertThat(e.excType()).isEqualTo("ValueError");
          assertThat(e.excMessage()).containsExactly("boom 1");
          assertThat(e.traceback()).contains("Traceback");
        });
    assertThatThrownBy(() -> nope.get(WAIT)).isInstanceOfSatisfying(CeleryTaskException.class,
        e -> assertThat(e.excType()).isEqualTo("NotRegistered"));
    assertThatThrownBy(() -> expired.get(WAIT)).isInstanceOfSatisfying(
        CeleryTaskException.class, e -> assertThat(e.state()).isEqualTo("REVOKED"));
  }

  @Test
  void queueCountdownAndPriorityOptionsAreHonoured() throws Exception {
    Instant sent = Instant.now();
    CeleryResult r = celery.send("tasks.add", List.of(20, 22), Map.of(), CeleryOptions.builder()
        .queue("myq").countdown(Duration.ofSeconds(2)).priority(9).build());

    assertThat(r.get(WAIT)).as(log()).isEqualTo(42);
    String dateDone = CeleryJsonView.dateDone(r.metaJson().orElseThrow());
    assertThat(Instant.parse(dateDone + "Z")).isAfterOrEqualTo(sent.plusSeconds(2));
  }

  private static String log() {
    return CeleryPeers.read(dir.resolve("celery-worker.log"));
  }
}
