package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.Inspector;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.samples.Launcher.Run;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commands of docs/getting-started.md as written, from the repository root, against a
 * redis-server of its own ({@code $TASKQ_REDIS_URL}). {@link DocsTest} checks that the guide
 * still shows these exact commands.
 */
class GettingStartedIT {
  /** The guide's environment line: the worker and the app read the hello queue's config. */
  static final String CONFIG = "export TASKQ_CONFIG=samples/hello-app/taskq.yaml";
  static final String WORKER = "bin/taskq worker --classpath samples/hello-app/target/hello-app.jar";
  static final String APP = "\"$(bin/java-home)/bin/java\" -cp 'samples/hello-app/target/hello-app.jar:samples/hello-app/target/lib/*' com.example.hello.HelloApp Ada";
  static final String EMBEDDED = "\"$(bin/java-home)/bin/java\" -cp 'samples/hello-app/target/hello-app.jar:samples/hello-app/target/lib/*' com.example.hello.HelloWorker";

  static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();
  private static final AtomicInteger RUNS = new AtomicInteger();

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();
  private Broker broker;
  private Inspector inspector;

  @BeforeEach
  void connect() {
    REDIS.server().cli("FLUSHALL");
    TaskqConfig config = TaskqConfig.DEFAULT.withRedis(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    broker = BrokerFactory.open(config.redis());
    inspector = Inspector.create(broker, config);
  }

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
    broker.close();
  }

  @Test
  void theGuidesAppGetsItsGreetingFromTheLaunchersWorker() {
    Run worker = start(WORKER);

    Run app = start(APP);

    assertThat(app.exitCode(Duration.ofSeconds(60))).as(app.stderr()).isZero();
    assertThat(app.stdout()).containsPattern("submitted [0-9a-f-]{36} to queue hello")
        .contains("result Hello, Ada!");
    worker.process().destroy();
    assertThat(worker.exitCode(Duration.ofSeconds(20))).as(worker.stderr()).isZero();
  }

  @Test
  void anEmbeddedWorkerExitsZeroOnSigtermAndLeavesTheRegistryAtOnce() {
    Run worker = start(EMBEDDED);
    await().atMost(Duration.ofSeconds(30)).until(() -> !inspector.workers().isEmpty());
    assertThat(inspector.workers()).singleElement()
        .satisfies(w -> assertThat(w.queues()).containsExactly("hello"));

    worker.process().destroy(); // SIGTERM

    assertThat(worker.exitCode(Duration.ofSeconds(20))).as(worker.stderr()).isZero();
    assertThat(inspector.workers()).isEmpty();
    assertThat(worker.stderr()).contains("Received SIGTERM; shutting down gracefully");
  }

  /** Runs one of the guide's lines with bash from the repository root, after its export line. */
  private Run start(String line) {
    int n = RUNS.incrementAndGet();
    Path out = dir.resolve("run-" + n + ".out");
    Path err = dir.resolve("run-" + n + ".err");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", CONFIG + "\nexec " + line)
        .directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("TASKQ_REDIS_URL", REDIS.url());
    pb.environment().put("TASKQ_NO_BUILD", "1");
    pb.environment().remove("TASKQ_CLASSPATH");
    try {
      Process p = pb.start();
      started.add(p);
      return new Run(p, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
