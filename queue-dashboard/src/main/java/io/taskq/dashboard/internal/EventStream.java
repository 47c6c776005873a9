package io.taskq.dashboard.internal;

import io.taskq.dashboard.internal.Sampler.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/events}: server-sent events, one {@code stats} event per sample (every
 * queue's figures and rates), a comment every {@value #KEEPALIVE_SECONDS} s so proxies keep the
 * connection. Each stream holds one (virtual) thread while it is open.
 */
final class EventStream {
  static final int KEEPALIVE_SECONDS = 15;
  /** Streams open at once; more are refused with 503. */
  static final int MAX_STREAMS = 64;

  private final Sampler sampler;

  EventStream(Sampler sampler) {
    this.sampler = sampler;
  }

  void serve(Exchange ex) throws IOException {
    if (sampler.subscribers() >= MAX_STREAMS) {
      throw new HttpError(503, "too many live streams open (" + MAX_STREAMS + ")");
    }
    BlockingQueue<Sample> samples = sampler.subscribe();
    ex.setHeader("Cache-Control", "no-store");
    ex.setHeader("X-Accel-Buffering", "no");
    try (OutputStream out = ex.stream("text/event-stream; charset=utf-8")) {
      out.write(("retry: 3000\n\n").getBytes(StandardCharsets.UTF_8));
      List<Sample> history = sampler.history();
      if (!history.isEmpty()) {
        write(out, history.get(history.size() - 1));
      }
      out.flush();
      while (true) {
        Sample s = samples.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        if (s == Sampler.END) {
          return;
        }
        if (s == null) {
          out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
        } else {
          write(out, s);
        }
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the browser went away: nothing to answer
    } finally {
      sampler.unsubscribe(samples);
    }
  }

  private static void write(OutputStream out, Sample s) throws IOException {
    out.write("event: stats\ndata: ".getBytes(StandardCharsets.UTF_8));
    out.write(Json.bytes(s));
    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
  }
}
