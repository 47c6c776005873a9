package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.TaskClient;
import io.taskq.config.AlertsConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.worker.WorkerContractTest.Job;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookAlertsTest {
  private final List<String> posts = new CopyOnWriteArrayList<>();
  private final EmbeddedBroker broker = new EmbeddedBroker();
  private HttpServer hook;

  @BeforeEach
  void startHook() throws IOException {
    hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext("/hook", ex -> {
      posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    hook.start();
  }

  @AfterEach
  void stop() {
    hook.stop(0);
    broker.close();
  }

  @Test
  void deadLetteredTasksRaiseOneRateLimitedAlertWithoutTheirArguments() {
    TaskqConfig config = TaskqConfig.DEFAULT
        .withQueue(QueueConfig.builder("jobs").retry(RetryPolicy.none()).build())
        .withAlerts(new AlertsConfig(URI.create("http://127.0.0.1:" + hook.getAddress().getPort()
            + "/hook"), Duration.ofHours(1), 0, null));
    TaskClient client = TaskClient.create(broker, config);
    for (int i = 0; i < 3; i++) {
      client.submit(WorkerContractTest.JOB, new Job("secret-argument", i));
    }

    try (Worker w = Worker.builder().broker(broker).config(config).queues("jobs")
        .register(WorkerContractTest.JOB, (job, ctx) -> {
          throw new IllegalStateException("boom " + job.name());
        }).build()) {
      w.runUntilIdle();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0)).startsWith("{\"text\":\"taskq: a test.job task on queue jobs was"
        + " dead-lettered").doesNotContain("secret-argument").doesNotContain("boom");
    assertThat(broker.counts("jobs").dead()).isEqualTo(3);
  }
}
