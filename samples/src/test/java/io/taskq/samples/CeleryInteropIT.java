package io.taskq.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskq.celery.CeleryPeers;
import io.taskq.samples.Launcher.Run;
import io.taskq.test.redis.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's own Celery client (celery_client.py, send_task + AsyncResult.get) against
 * {@code bin/taskq worker --protocol celery} with samples/celery.yaml and the samples' Java
 * handlers of the peer app's tasks.
 */
class CeleryInteropIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  static final String TASKS = "tasks.add tasks.echo tasks.fail_once tasks.boom tasks.sleep";

  @TempDir Path dir;
  private Launcher taskq;
  private final List<Run> started = new ArrayList<>();
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;

  @BeforeAll
  static void connect() {
    CeleryPeers.assumeInstalled();
    client = RedisClient.create(REDIS.url());
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterAll
  static void disconnect() {
    if (client != null) {
      connection.close();
      client.shutdown();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    redis.flushall();
    Files.copy(Launcher.ROOT.resolve("samples/celery.yaml"), dir.resolve("taskq.yaml"));
    taskq = new Launcher(dir);
  }

  @AfterEach
  void tearDown() {
    started.forEach(r -> r.process().destroyForcibly());
  }

  private Run worker() {
    Run w = taskq.start("worker", "--protocol", "celery", "-Q", "celery,myq", "--redis",
        REDIS.url() + "/0");
    started.add(w);
    return w;
  }

  /** The warnings and errors of a worker's log. */
  private static String tail(String log) {
    return String.join("\n", log.lines().filter(l -> !l.contains("\"level\":\"INFO\""))
        .limit(40).toList());
  }

  /** What is where in Redis, for a failure message. */
  private static String state() {
    return "\nRedis: " + redis.keys("celery-task-meta-*").size() + " results, Celery list "
        + redis.llen("celery") + ", inbox " + redis.zcard("taskq:{celery}:celery:inbox")
        + ", active " + redis.zcard("taskq:{celery}:active") + ", prioritized "
        + redis.zcard("taskq:{celery}:prioritized") + ", scheduled "
        + redis.zcard("taskq:{celery}:scheduled") + ", retry " + redis.zcard("taskq:{celery}:retry")
        + ", dead " + redis.zcard("taskq:{celery}:dead");
  }

  private int python(String log, String... args) throws InterruptedException {
    Process p = CeleryPeers.client(REDIS.url() + "/0", dir.resolve(log), args);
    return CeleryPeers.exitCode(p, Duration.ofMinutes(2), dir.resolve(log));
  }

  @Test
  void pythonsCeleryClientGetsEveryResultFromATaskqWorkerAndAMalformedMessageIsDeadLettered()
      throws Exception {
    // a body of two elements ([[1, 1], {}]): a real Celery worker dies on it
    redis.lpush("celery", "{\"body\": \"W1sxLCAxXSwge31d\", \"content-type\": \"application/json\","
        + " \"headers\": {\"task\": \"tasks.add\", \"id\": \"poison-1\"}, \"properties\":"
        + " {\"body_encoding\": \"base64\", \"delivery_tag\": \"t1\", \"delivery_info\":"
        + " {\"exchange\": \"\", \"routing_key\": \"celery\"}}}");
    Run worker = worker();

    int all = python("client-all.log", ("-n 20 --timeout 60 " + TASKS).split(" "));
    int myq = python("client-myq.log", "--queue", "myq", "-n", "4", "--countdown", "2",
        "--priority", "9", "tasks.add", "tasks.echo");

    assertThat(all).as(CeleryPeers.read(dir.resolve("client-all.log")) + worker.stderr())
        .isZero();
    assertThat(CeleryPeers.read(dir.resolve("client-all.log"))).contains("SUMMARY ok=20 bad=0");
    assertThat(myq).as(CeleryPeers.read(dir.resolve("client-myq.log")) + worker.stderr())
        .isZero();
    Run dlq = taskq.run("dlq", "list", "-Q", "celery", "--redis", REDIS.url() + "/0");
    assertThat(dlq.stdout()).contains("celery.rejected")
        .contains("body is not [args, kwargs, embed] (3 elements)");
    // the poison message's sender is told too, instead of waiting forever
    assertThat(redis.get("celery-task-meta-poison-1")).contains("InvalidTaskError");
    assertThat(worker.process().isAlive()).isTrue();
  }

  @Test
  void killingTheTaskqWorkerInTheMiddleOfACeleryRunLosesNothing() throws Exception {
    Run first = worker();
    Process client = CeleryPeers.client(REDIS.url() + "/0", dir.resolve("client-kill.log"),
        "-n", "300", "--timeout", "120", "--poll", "tasks.sleep", "tasks.add");
    await().atMost(Duration.ofSeconds(60))
        .until(() -> redis.keys("celery-task-meta-*").size() >= 20);

    first.process().destroyForcibly(); // kill -9: active, reserved and taken tasks are orphaned
    first.process().waitFor();
    assertThat(redis.keys("celery-task-meta-*").size()).isLessThan(300);
    worker();

    assertThat(CeleryPeers.exitCode(client, Duration.ofMinutes(3), dir.resolve("client-kill.log")))
        .as(() -> CeleryPeers.read(dir.resolve("client-kill.log")) + state() + "\nfirst worker: "
            + tail(first.stderr()) + "\nsecond worker: " + tail(started.get(1).stderr())).isZero();
    assertThat(redis.exists("celery", "taskq:{celery}:celery:inbox")).isZero();
  }
}
