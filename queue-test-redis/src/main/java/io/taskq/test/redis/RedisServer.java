package io.taskq.test.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} process on a free 127.0.0.1 port, with no persistence unless asked, its
 * directory under {@code target/redis-<port>} (its log is {@code redis.log} there). Never uses
 * 6379, where a developer's own Redis may run. Stops with SIGTERM, then SIGKILL. Starting takes
 * some 60 ms. Thread-safe.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   String url = redis.url(); // redis://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final @Nullable String sentinelConfig;
  private @Nullable Process process; // null until startProcess()

  private RedisServer(int port, Path dir, List<String> extraArgs,
      @Nullable String sentinelConfig) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
    this.sentinelConfig = sentinelConfig;
  }

  /**
   * Starts a server with extra {@code redis-server} arguments (e.g. {@code --requirepass x}) and
   * waits until it answers PING, at most 10 s.
   *
   * @throws IllegalStateException when {@code redis-server} cannot be started or does not answer
   */
  public static RedisServer start(String... extraArgs) {
    int port = freePort();
    Path dir = Path.of("target", "redis-" + port).toAbsolutePath();
    RedisServer server = new RedisServer(port, dir, List.of(extraArgs), null);
    server.startProcess();
    return server;
  }

  /**
   * Starts a {@code redis-server --sentinel} watching the primary {@code master} at
   * {@code 127.0.0.1:masterPort} (quorum 2, down after 1 s), and waits until it answers PING.
   *
   * @throws IllegalStateException when it cannot be started or does not answer
   */
  public static RedisServer startSentinel(String master, int masterPort) {
    int port = freePort();
    Path dir = Path.of("target", "redis-" + port).toAbsolutePath();
    String config = String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + dir,
        "sentinel monitor " + master + " 127.0.0.1 " + masterPort + " 2",
        "sentinel down-after-milliseconds " + master + " 1000",
        "sentinel failover-timeout " + master + " 5000",
        "sentinel parallel-syncs " + master + " 1", "");
    RedisServer server = new RedisServer(port, dir, List.of(), config);
    server.startProcess();
    return server;
  }

  /** True when a {@code redis-server} executable is on the {@code PATH}. */
  public static boolean isInstalled() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A loopback port nothing listens on right now, never 6379, with room for a cluster bus port
   * (port + 10000).
   *
   * @throws IllegalStateException when none is found in 50 tries
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = s.getLocalPort();
        if (p != 6379 && p + 10000 < 65536) {
          return p;
        }
      } catch (IOException e) {
        throw new IllegalStateException("no free port", e);
      }
    }
    throw new IllegalStateException("no free port");
  }

  /**
   * Starts the process again (after {@link #stop()}) on the same port; does nothing while it runs.
   * (Starting a second one would fail to bind, and the field would forget the first, which then
   * outlived its test class: ObservabilityIT's tear-down leaked one server per run.)
   */
  public synchronized void startProcess() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      Files.createDirectories(dir);
      List<String> cmd;
      if (sentinelConfig != null) {
        // Sentinel rewrites its file with what it learns: a fresh one for each start
        Path file = dir.resolve("sentinel-" + System.nanoTime() + ".conf");
        Files.writeString(file, sentinelConfig);
        cmd = List.of("redis-server", file.toString(), "--sentinel");
      } else {
        cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1",
            "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
            "--dir", dir.toString(), "--protected-mode", "yes"));
        cmd.addAll(extraArgs);
      }
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server (is it installed?)", e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited at start; see " + dir + "/redis.log");
      }
      if (answersPing()) {
        return;
      }
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer in 10 s");
  }

  private boolean answersPing() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(500);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[64];
      int n = s.getInputStream().read(buf);
      String reply = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
      // a server with requirepass answers -NOAUTH: it is up all the same
      return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  /** The port it listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** The server's process id, for SIGSTOP/SIGCONT tests. */
  public long pid() {
    return Objects.requireNonNull(process, "start() starts it").pid();
  }

  /** Whether the process runs. */
  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Kills the process with SIGKILL ({@code kill -9}) and waits for it to end. */
  public synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    try {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5 s); {@link #startProcess()} restarts it. */
  public synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs {@code redis-cli} against this server and returns its output, trimmed.
   *
   * @throws IllegalStateException when {@code redis-cli} cannot be run
   */
  public String cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
        Integer.toString(port)));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("redis-cli failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the process, as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }
}
