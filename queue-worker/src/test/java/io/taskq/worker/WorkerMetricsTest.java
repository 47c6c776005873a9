package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskOptions;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.embedded.ManualClock;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worker's metrics as {@code /metrics} serves them. */
class WorkerMetricsTest {
  private static final TaskDefinition<String> JOB =
      TaskDefinition.of("test.job", String.class).withQueue("jobs");

  @Test
  void queueGaugesStillReadAfterAGarbageCollection() throws Exception {
    ManualClock clock = new ManualClock();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (EmbeddedBroker broker = new EmbeddedBroker(clock);
        Worker worker = Worker.builder().broker(broker).config(TaskqConfig.DEFAULT)
            .queues("jobs").clock(clock).meterRegistry(registry)
            .register(JOB, (s, ctx) -> s).build().start();
        HealthServer http = HealthServer.start(new InetSocketAddress("127.0.0.1", 0), worker,
            broker, registry)) {
      TaskClient client = TaskClient.create(broker, TaskqConfig.DEFAULT);
      for (int i = 0; i < 2; i++) { // the clock stands still: they stay scheduled
        client.submit(JOB, "x", TaskOptions.builder().countdown(Duration.ofHours(1)).build());
      }

      collectGarbage();

      String metrics = get(http.port());
      assertThat(metrics).contains(
          "taskq_queue_depth{queue=\"jobs\",state=\"scheduled\"} 2.0",
          "taskq_queue_depth{queue=\"jobs\",state=\"pending\"} 0.0",
          "taskq_dlq_size{queue=\"jobs\"} 0.0",
          "taskq_queue_lag_seconds{queue=\"jobs\"} 0.0",
          "taskq_worker_capacity ");
      assertThat(metrics.lines().filter(l -> l.startsWith("taskq_"))).noneMatch(
          l -> l.endsWith("NaN"));
    }
  }

  /** Runs full collections until an object only weakly reachable is gone. */
  private static void collectGarbage() {
    WeakReference<Object> ref = new WeakReference<>(new Object());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      System.gc();
      return ref.get() == null;
    });
  }

  private static String get(int port) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }
}
