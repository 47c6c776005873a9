package io.taskq.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskq.QueueConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.QueueCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP endpoint (JDK {@code HttpServer}): {@code GET /metrics} (Prometheus text),
 * {@code GET /health} (JSON per component; 200 UP or DEGRADED, 503 DOWN),
 * {@code GET /health/ready} (503 while stopping or when Redis does not answer) and
 * {@code GET /health/live}. The Redis check pings with a 1 s timeout.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
  /** How long the Redis check waits for an answer. */
  public static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Worker worker;
  private final Broker broker;
  private final Timer rtt;

  private HealthServer(HttpServer server, Worker worker, Broker broker,
      PrometheusMeterRegistry registry) {
    this.server = server;
    this.worker = worker;
    this.broker = broker;
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
      boolean ready = worker.isReady() && ping() >= 0;
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

  /** Round trip in ms, or -1 when Redis did not answer within {@link #PING_TIMEOUT}. */
  private long ping() {
    long t0 = System.nanoTime();
    try {
      CompletableFuture.supplyAsync(broker::now, executor)
          .get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long nanos = System.nanoTime() - t0;
      rtt.record(Duration.ofNanos(nanos));
      return nanos / 1_000_000;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private List<String> serverWarnings() {
    try {
      return broker.serverWarnings();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private List<String> keyProblems(String queue) {
    try {
      return broker.keyProblems(queue);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private void health(HttpExchange ex) throws IOException {
    long ms = ping();
    Map<String, Object> redis = new LinkedHashMap<>();
    redis.put("status", ms >= 0 ? "UP" : "DOWN");
    List<String> warnings = List.of();
    if (ms >= 0) {
      redis.put("rttMs", ms);
      warnings = serverWarnings();
      if (!warnings.isEmpty()) {
        redis.put("status", "DEGRADED");
        redis.put("warnings", warnings);
      }
    }
    Map<String, Object> queues = new LinkedHashMap<>();
    boolean brokenQueue = false;
    if (ms >= 0) {
      for (QueueConfig q : worker.queues()) {
        try {
          QueueCounts c = broker.counts(q.name());
          queues.put(q.name(), Map.of("pending", c.pending(), "active", c.active(),
              "scheduled", c.scheduled(), "retry", c.retry(), "dead", c.dead()));
        } catch (RuntimeException e) {
          List<String> broken = keyProblems(q.name());
          brokenQueue |= !broken.isEmpty();
          queues.put(q.name(), broken.isEmpty() ? Map.of("status", "UNKNOWN")
              : Map.of("status", "DEGRADED", "problems", broken));
        }
      }
    }
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("status", worker.isStopping() ? "STOPPING" : "UP");
    w.put("id", worker.id());
    w.put("active", worker.activeCount());
    w.put("capacity", worker.capacity());
    String status = ms < 0 ? "DOWN"
        : worker.isStopping() || !warnings.isEmpty() || brokenQueue ? "DEGRADED" : "UP";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("components", Map.of("redis", redis, "queues", queues, "worker", w));
    String v = HealthServer.class.getPackage().getImplementationVersion();
    body.put("version", v == null ? "development" : v);
    respond(ex, ms < 0 ? 503 : 200, "application/json", Json.write(body));
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
