package io.taskq.dashboard.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.taskq.BrokerUnavailableException;
import io.taskq.Inspector;
import io.taskq.TaskqException;
import io.taskq.dashboard.DashboardOptions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request: security headers, authentication, then the route. Failures become a JSON
 * {@code {"status", "error"}} with a 4xx (bad input), 503 (Redis unreachable) or 500 (a bug,
 * logged with its stack trace; the answer never carries one).
 */
public final class Router implements HttpHandler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final DashboardOptions options;
  private final Access access;
  private final Sampler sampler;
  private final ReadApi read;
  private final ActionApi actions;
  private final EventStream events;
  private final StaticFiles files = new StaticFiles();

  public Router(Inspector inspector, DashboardOptions options) {
    this.options = options;
    this.access = new Access(options);
    this.sampler = new Sampler(inspector, options.sampleEvery());
    Queues queues = new Queues(inspector);
    this.read = new ReadApi(inspector, queues, sampler, options);
    this.actions = new ActionApi(inspector, queues);
    this.events = new EventStream(sampler);
  }

  /** Starts reading the queues for the live counters. */
  public void start() {
    sampler.start();
  }

  @Override
  public void handle(HttpExchange http) {
    Exchange ex = new Exchange(http);
    try {
      ex.setHeader("X-Content-Type-Options", "nosniff");
      ex.setHeader("X-Frame-Options", "DENY");
      ex.setHeader("Referrer-Policy", "no-referrer");
      ex.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self'"
          + " 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
      access.checkHost(ex);
      List<String> seg = ex.segments();
      boolean api = !seg.isEmpty() && seg.get(0).equals("api");
      if (api || access.guardsStaticFiles()) {
        access.authenticate(ex);
      }
      if (!api) {
        requireGet(ex);
        files.serve(ex);
      } else {
        ex.setHeader("Cache-Control", "no-store");
        route(ex, seg.subList(1, seg.size()));
      }
    } catch (HttpError e) {
      answer(ex, e.status(), e.getMessage());
    } catch (BrokerUnavailableException e) {
      answer(ex, 503, e.getMessage());
    } catch (IllegalArgumentException e) {
      answer(ex, 400, e.getMessage());
    } catch (TaskqException e) {
      answer(ex, 500, e.getMessage());
    } catch (IOException e) {
      log.debug("Dashboard: answering {} failed: {}", ex.path(), e.toString());
    } catch (RuntimeException e) {
      log.error("Dashboard: {} {} failed", ex.method(), ex.path(), e);
      answer(ex, 500, "internal error (logged by the dashboard)");
    } finally {
      ex.close();
    }
  }

  private void route(Exchange ex, List<String> p) throws IOException {
    int n = p.size();
    String first = n == 0 ? "" : p.get(0);
    if (n == 1 && first.equals("session")) {
      requireGet(ex);
      session(ex);
    } else if (n == 1 && first.equals("queues")) {
      requireGet(ex);
      read.queues(ex);
    } else if (n == 2 && first.equals("queues")) {
      requireGet(ex);
      read.queue(ex, p.get(1));
    } else if (n == 3 && first.equals("queues") && p.get(2).equals("tasks")) {
      requireGet(ex);
      read.tasks(ex, p.get(1));
    } else if (n == 3 && first.equals("queues")
        && (p.get(2).equals("pause") || p.get(2).equals("resume"))) {
      access.checkMutation(ex);
      actions.pause(ex, p.get(1), p.get(2).equals("pause"));
    } else if (n == 4 && first.equals("queues") && p.get(2).equals("dlq")
        && (p.get(3).equals("replay") || p.get(3).equals("delete"))) {
      access.checkMutation(ex);
      actions.dlq(ex, p.get(1), p.get(3).equals("replay"));
    } else if (n == 2 && first.equals("tasks")) {
      requireGet(ex);
      read.task(ex, p.get(1));
    } else if (n == 1 && first.equals("workers")) {
      requireGet(ex);
      read.workers(ex);
    } else if (n == 1 && first.equals("schedules")) {
      requireGet(ex);
      read.schedules(ex);
    } else if (n == 1 && first.equals("history")) {
      requireGet(ex);
      read.history(ex);
    } else if (n == 1 && first.equals("events")) {
      requireGet(ex);
      events.serve(ex);
    } else {
      throw HttpError.notFound("no such endpoint: " + Views.clip(ex.path(), 80));
    }
  }

  private void session(Exchange ex) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", ex.who());
    body.put("csrfToken", access.csrfToken());
    body.put("authRequired", options.authRequired());
    body.put("showResults", options.showResults());
    body.put("sampleSeconds", options.sampleEvery().toMillis() / 1000.0);
    ex.json(200, body);
  }

  private static void requireGet(Exchange ex) {
    if (!ex.method().equals("GET")) {
      ex.setHeader("Allow", "GET");
      throw new HttpError(405, ex.method() + " is not allowed here: use GET");
    }
  }

  private static void answer(Exchange ex, int status, @org.jspecify.annotations.Nullable String msg) {
    try {
      ex.error(status, msg == null ? "error " + status : msg);
    } catch (IOException | RuntimeException e) {
      log.debug("Dashboard: answering {} failed: {}", ex.path(), e.toString());
    }
  }

  @Override
  public void close() {
    sampler.close();
  }
}
