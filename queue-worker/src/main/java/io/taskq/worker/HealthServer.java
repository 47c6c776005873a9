package io.taskq.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskq.Health;
import io.taskq.Inspector;
import io.taskq.QueueShards;
import io.taskq.QueueStats;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP endpoint (JDK {@code HttpServer}): {@code GET /metrics} (Prometheus text),
 * {@code GET /health} (JSON per component; 200 UP or DEGRADED, 503 DOWN),
 * {@code GET /health/ready} (503 while stopping or when Redis does not answer) and
 * {@code GET /health/live}. Both health checks are {@link Inspector#health} (its ping waits 1 s)
 * of the worker's queues, composed with the worker's own state.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
  /** How long the Redis check waits for an answer. */
  public static final Duration PING_TIMEOUT = Health.PING_TIMEOUT;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Worker worker;
  private final Inspector inspector;
  private final Timer rtt;

  private HealthServer(HttpServer server, Worker worker, Broker broker,
      PrometheusMeterRegistry registry) {
    this.server = server;
    this.worker = worker;
    // the queues are passed to each check and the target is not shown: the defaults serve
    this.inspector = Inspector.create(broker, TaskqConfig.DEFAULT);
    this.rtt = Timer.builder(MetricNames.REDIS_RTT).description("Redis round trip of the health"
        + " check").register(registry);
    this.executor = Executors.newFixedThreadPool(2,
        Thread.ofPlatform().name("taskq-http-", 0).daemon(true).factory());
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4",
        registry.scrape()));
    server.createContext("/health/live", ex -> respond(ex, 200, "application/json",
        "{\"status\":\"UP\"}"));
    server.createContext("/health/ready", ex -> {
      boolean ready = worker.isReady()
          && check(List.of()).broker().status() != Health.Status.DOWN;
      respond(ex, ready ? 200 : 503, "application/json",
          "{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"}");
    });
    server.createContext("/health", this::health);
  }

  /**
   * Serves on {@code address} (use a loopback address unless the port is firewalled; port 0
   * picks a free one) until closed.
   */
  public static HealthServer start(InetSocketAddress address, Worker worker, Broker broker,
      PrometheusMeterRegistry registry) throws IOException {
    HealthServer s = new HealthServer(HttpServer.create(address, 16), worker, broker, registry);
    s.server.start();
    log.info("Health and metrics on http://{}:{}/health and /metrics",
        address.getHostString(), s.port());
    return s;
  }

  /** The port served. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@link Inspector#health} of the worker's queues; its ping is recorded. */
  private Health check(List<String> queues) {
    Health h = inspector.health(queues);
    Duration latency = h.broker().latency();
    if (latency != null) {
      rtt.record(latency);
    }
    return h;
  }

  /**
   * The shared {@link Health} of this worker's queues, composed with what only the worker knows
   * (stopping, active tasks, capacity). The worker's view: Redis DOWN, its warnings and its
   * queues with broken keys; queues without a live worker or stale workers elsewhere are
   * {@code taskq health}'s concern, not this process's.
   */
  private void health(HttpExchange ex) throws IOException {
    Health h = check(worker.queues().stream().map(q -> QueueShards.logical(q.name())).distinct()
        .toList());
    Health.BrokerCheck b = h.broker();
    boolean down = b.status() == Health.Status.DOWN;
    Map<String, Object> redis = new LinkedHashMap<>();
    redis.put("status", b.status().name());
    if (!down) {
      redis.put("rttMs", b.latency() == null ? 0 : b.latency().toMillis());
      if (!b.warnings().isEmpty()) {
        redis.put("warnings", b.warnings());
      }
    }
    Map<String, Object> queues = new LinkedHashMap<>();
    boolean brokenQueue = false;
    for (Health.QueueHealth q : h.queues()) {
      QueueStats c = q.stats();
      if (c != null) {
        queues.put(q.name(), Map.of("pending", c.pending(), "active", c.active(),
            "scheduled", c.scheduled(), "retry", c.retry(), "dead", c.dead()));
      } else {
        brokenQueue |= !q.keyProblems().isEmpty();
        queues.put(q.name(), q.keyProblems().isEmpty() ? Map.of("status", "UNKNOWN")
            : Map.of("status", "DEGRADED", "problems", q.keyProblems()));
      }
    }
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("status", worker.isStopping() ? "STOPPING" : "UP");
    w.put("id", worker.id());
    w.put("active", worker.activeCount());
    w.put("capacity", worker.capacity());
    String status = down ? "DOWN" : worker.isStopping() || b.status() != Health.Status.UP
        || brokenQueue ? "DEGRADED" : "UP";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("components", Map.of("redis", redis, "queues", queues, "worker", w));
    String v = HealthServer.class.getPackage().getImplementationVersion();
    body.put("version", v == null ? "development" : v);
    respond(ex, down ? 503 : 200, "application/json", Json.write(body));
  }

  private static void respond(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** JSON of plain maps, numbers and strings, through Jackson. */
  private static final class Json {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
        new com.fasterxml.jackson.databind.ObjectMapper();

    static String write(Object value) {
      try {
        return MAPPER.writeValueAsString(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
