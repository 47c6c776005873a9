package io.taskq.worker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.config.AlertsConfig;
import io.taskq.spi.Broker;
import io.taskq.worker.Outcome;
import io.taskq.worker.TimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Slack-compatible alerts ({@code {"text": ...}}) to a webhook: a task dead-lettered, a
 * queue over its DLQ or lag threshold. At most one alert per kind and queue per
 * {@code minInterval}; the ones held back are counted in the next. Never includes payloads,
 * arguments or error messages (they may hold personal data): task names, ids and exception
 * classes only.
 */
public final class WebhookAlerts implements WorkerEvents, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookAlerts.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration CHECK_PERIOD = Duration.ofSeconds(30);

  private final AlertsConfig config;
  private final URI webhook;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, AtomicLong> lastSent = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> heldBack = new ConcurrentHashMap<>();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final List<String> queues;
  private final Ticker ticker;
  private final QueueSnapshots snapshots;
  private final TimeSource time;

  /** @param time the source of the minimum interval between two alerts of a kind */
  public WebhookAlerts(AlertsConfig config, Broker broker, List<String> queues,
      io.taskq.spi.EnvelopeCodec codec, BrokerHealth health, TimeSource time) {
    this.config = config;
    this.webhook = java.util.Objects.requireNonNull(config.webhook(), "webhook");
    this.queues = List.copyOf(queues);
    this.time = time;
    this.ticker = new Ticker("taskq-alerts", health, time);
    this.snapshots = new QueueSnapshots(broker, codec, time);
  }

  public void start() {
    ticker.every(CHECK_PERIOD, false, this::checkThresholds);
  }

  @Override
  public void completed(String queue, String task, Outcome outcome, Duration duration) {
    if (outcome == Outcome.DEAD || outcome == Outcome.REJECTED) {
      send("dead:" + queue, "taskq: a " + task + " task on queue " + queue + " was "
          + (outcome == Outcome.DEAD ? "dead-lettered" : "rejected") + "; see `taskq dlq list -Q "
          + queue + "`");
    }
  }

  /** Compares each queue with the thresholds (every {@link #CHECK_PERIOD}). */
  void checkThresholds() {
    for (String q : queues) {
      QueueSnapshots.Snapshot s = snapshots.of(q);
      if (s.counts().dead() > config.dlqThreshold()) {
        send("dlq:" + q, "taskq: queue " + q + " holds " + s.counts().dead()
            + " dead task(s) (threshold " + config.dlqThreshold() + ")");
      }
      Duration lag = config.lagThreshold();
      if (lag != null && s.lagSeconds() > lag.toMillis() / 1000.0) {
        send("lag:" + q, String.format(java.util.Locale.ROOT, "taskq: queue %s lags %.0f s"
            + " (threshold %d s), %d pending", q, s.lagSeconds(), lag.toSeconds(),
            s.counts().pending()));
      }
    }
  }

  private void send(String kind, String text) {
    long now = time.nanoTime();
    AtomicLong last = lastSent.computeIfAbsent(kind, k -> new AtomicLong(now
        - config.minInterval().toNanos() - 1));
    long prev = last.get();
    AtomicLong held = heldBack.computeIfAbsent(kind, k -> new AtomicLong());
    if (now - prev <= config.minInterval().toNanos() || !last.compareAndSet(prev, now)) {
      held.incrementAndGet();
      return;
    }
    long more = held.getAndSet(0);
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("text", more == 0 ? text
          : text + " (and " + more + " more since the last alert)"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
      boolean ok = e == null && r.statusCode() < 300;
      if (!ok && failing.compareAndSet(false, true)) {
        log.warn("Alert webhook failed ({}); alerts are logged only until it answers",
            e != null ? e.getClass().getSimpleName() : "HTTP " + r.statusCode());
      } else if (ok) {
        failing.set(false);
      }
    });
  }

  @Override
  public void close() {
    ticker.close();
  }
}
