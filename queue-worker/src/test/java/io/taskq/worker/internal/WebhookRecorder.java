package io.taskq.worker.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook on loopback that records the bodies posted to it. */
public final class WebhookRecorder implements AutoCloseable {
  private final List<String> posts = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public WebhookRecorder() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hook", ex -> {
      posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
  }

  /** Where to post. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** The bodies posted so far, oldest first. */
  public List<String> posts() {
    return posts;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
