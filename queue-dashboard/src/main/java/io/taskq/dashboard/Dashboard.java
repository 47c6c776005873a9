package io.taskq.dashboard;

import com.sun.net.httpserver.HttpServer;
import io.taskq.Inspector;
import io.taskq.dashboard.internal.Router;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard: queues, tasks, workers, beat schedules and the DLQ in the browser, read and
 * changed only through the {@link Inspector}. Served by the JDK's HTTP server, one virtual
 * thread per request (a live-counter stream holds one while open). Thread-safe; {@link #close()}
 * is idempotent.
 *
 * <p>Security: binds {@link DashboardOptions#host()} (loopback by default); with basic auth or
 * a bearer token every API request must carry it; every change is a POST carrying the session's
 * CSRF token and is logged (who, what, how many; never a payload); results are shown only when
 * {@link DashboardOptions#showResults()}.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Router router;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Dashboard(HttpServer server, ExecutorService executor, Router router) {
    this.server = server;
    this.executor = executor;
    this.router = router;
  }

  /**
   * Starts serving; the caller keeps and closes the inspector's broker (after this dashboard).
   *
   * @throws IOException when the address cannot be bound (port taken, unknown host)
   */
  public static Dashboard start(Inspector inspector, DashboardOptions options)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(options.host(), options.port()),
        64);
    ExecutorService executor = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("taskq-dashboard-", 0).factory());
    Router router = new Router(inspector, options);
    server.createContext("/", router);
    server.setExecutor(executor);
    server.start();
    router.start();
    Dashboard d = new Dashboard(server, executor, router);
    log.info("Dashboard on {} ({})", d.uri(), options.authRequired()
        ? "authentication required" : "no authentication: reachable by whoever reaches "
            + options.host());
    return d;
  }

  /** The port it listens on (the chosen one when started with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Its address, e.g. {@code http://127.0.0.1:5555/}. */
  public URI uri() {
    String host = server.getAddress().getHostString();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port()
        + "/");
  }

  /** Ends the live streams, stops accepting and waits up to a second for requests in flight. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    router.close(); // first: live streams end, so stop() need not wait for them
    server.stop(1);
    executor.shutdownNow();
  }
}
