package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.TaskClient;
import io.taskq.config.AlertsConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.worker.WorkerContractTest.Job;
import io.taskq.worker.internal.WebhookRecorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookAlertsTest {
  private final WebhookRecorder hook = new WebhookRecorder();
  private final List<String> posts = hook.posts();
  private final EmbeddedBroker broker = new EmbeddedBroker();

  @AfterEach
  void stop() {
    hook.close();
    broker.close();
  }

  @Test
  void deadLetteredTasksRaiseOneRateLimitedAlertWithoutTheirArguments() {
    TaskqConfig config = TaskqConfig.DEFAULT
        .withQueue(QueueConfig.builder("jobs").retry(RetryPolicy.none()).build())
        .withAlerts(new AlertsConfig(hook.uri(), Duration.ofHours(1), 0, null));
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
