package io.taskq.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.DeadLetterPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.config.AlertsConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.spi.ClaimedTask;
import io.taskq.worker.TimeSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threshold alerts read the queues' figures from {@code Inspector.health}. */
class WebhookAlertsThresholdTest {
  record Ping(int n) {}

  private static final TaskDefinition<Ping> PING = TaskDefinition.of("test.ping", Ping.class)
      .withQueue("jobs");

  private final WebhookRecorder hook = new WebhookRecorder();
  private final List<String> posts = hook.posts();
  private final EmbeddedBroker broker = new EmbeddedBroker();

  @AfterEach
  void stop() {
    hook.close();
    broker.close();
  }

  private WebhookAlerts alerts(long dlqThreshold) {
    AlertsConfig config = new AlertsConfig(hook.uri(), Duration.ofHours(1), dlqThreshold,
        null);
    return new WebhookAlerts(config, broker, List.of("jobs", "empty"),
        new EnvelopeCodec(TaskqConfig.DEFAULT_MAX_PAYLOAD), new BrokerHealth(),
        TimeSource.system());
  }

  private void killOne() {
    TaskClient.create(broker, TaskqConfig.DEFAULT).submit(PING, new Ping(1));
    ClaimedTask c = broker.claim("jobs", 1, Duration.ofSeconds(30), "w").get(0);
    broker.deadLetter("jobs", c.ref(), c.envelope(), DeadLetterPolicy.DEFAULT);
  }

  @Test
  void aQueueOverItsDlqThresholdRaisesOneAlert() {
    killOne();
    killOne();
    try (WebhookAlerts alerts = alerts(1)) {
      alerts.checkThresholds();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
    assertThat(posts).singleElement().asString()
        .isEqualTo("{\"text\":\"taskq: queue jobs holds 2 dead task(s) (threshold 1)\"}");
  }

  @Test
  void queuesWithinTheThresholdsRaiseNothing() {
    killOne();
    try (WebhookAlerts alerts = alerts(1)) {
      alerts.checkThresholds();
      // a second check that would alert posts after the first: none before it means none at all
      killOne();
      alerts.checkThresholds();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty());
    assertThat(posts).singleElement().asString().contains("holds 2 dead task(s)");
  }
}
