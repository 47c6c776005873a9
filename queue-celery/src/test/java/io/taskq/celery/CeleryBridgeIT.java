package io.taskq.celery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.taskq.DeadFilter;
import io.taskq.Inspector;
import io.taskq.RetryLaterException;
import io.taskq.TaskDefinition;
import io.taskq.TaskInfo;
import io.taskq.TaskModule;
import io.taskq.celery.internal.CeleryKeys;
import io.taskq.config.ConfigLoader;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.test.redis.RedisServerExtension;
import io.taskq.worker.RegisteredTasks;
import io.taskq.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A taskq worker serving Celery queues (the bridge in-process, real Redis), driven by the Java
 * {@link CeleryClient}, which writes what Python's {@code send_task} writes. The Python peers'
 * runs are in the samples' CeleryInteropIT.
 */
class CeleryBridgeIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  record Add(long x, long y) {}

  record Value(String value) {}

  static final TaskDefinition<Add> ADD = TaskDefinition.of("t.add", Add.class);
  static final TaskDefinition<Value> FAIL = TaskDefinition.of("t.fail", Value.class);
  static final TaskDefinition<Value> RETRY_ONCE = TaskDefinition.of("t.retry_once", Value.class);
  static final TaskDefinition<CeleryArgs> ECHO = TaskDefinition.of("t.echo", CeleryArgs.class);
  static final Duration WAIT = Duration.ofSeconds(15);

  private final AtomicInteger retriesSeen = new AtomicInteger(-1);
  private final TaskModule tasks = registry -> {
    registry.register(ADD, (a, ctx) -> a.x() + a.y());
    registry.register(FAIL, (v, ctx) -> {
      throw new IllegalArgumentException(v.value());
    });
    registry.register(RETRY_ONCE, (v, ctx) -> {
      retriesSeen.set(ctx.retries());
      if (ctx.retries() == 0) {
        throw new RetryLaterException(Duration.ofMillis(200));
      }
      return v.value();
    });
    registry.register(ECHO, (e, ctx) -> Map.of("args", e.args(), "kwargs", e.kwargs()));
  };

  private TaskqConfig config;
  private Broker broker;
  private Worker worker;
  private AutoCloseable intake;
  private CeleryClient celery;
  private RedisClient redis;
  private StatefulRedisConnection<String, String> raw;

  @BeforeEach
  void setUp() {
    config = ConfigLoader.create().env(Map.of()).fallback("test.yaml", """
        queues:
          celery: { priorities: 10, maxRetries: 2, backoff: { type: fixed, base: 1s }, lease: 5s }
          myq: { priorities: 10, lease: 5s }
        """).redisUrl(REDIS.url()).load();
    broker = BrokerFactory.open(config.redis());
    redis = RedisClient.create(REDIS.url());
    raw = redis.connect();
    raw.sync().flushall();
    celery = CeleryClient.connect(REDIS.url());
  }

  private void startWorker() {
    CeleryProtocol protocol = new CeleryProtocol();
    List<TaskModule> adapted = protocol.adapt(List.of(tasks), config);
    Worker.Builder b = Worker.builder().broker(broker).config(config).queues("celery", "myq");
    adapted.forEach(b::module);
    worker = b.build();
    intake = protocol.start(broker, config, List.of("celery", "myq"),
        new RegisteredTasks(adapted).names());
    worker.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (intake != null) {
      intake.close();
    }
    if (worker != null) {
      worker.close();
    }
    celery.close();
    raw.close();
    redis.shutdown();
    broker.close();
  }

  @Test
  void runsCeleryMessagesAndStoresResultsThatTheClientReads() throws Exception {
    startWorker();
    CeleryResult sum = celery.send("t.add", List.of(2, 3), Map.of(), CeleryOptions.DEFAULT);
    CeleryResult byName = celery.send("t.add", List.of(2), Map.of("y", 40),
        CeleryOptions.builder().queue("myq").priority(9).build());
    CeleryResult echo = celery.send("t.echo", List.of(1, "two"), Map.of("k", List.of(true)),
        CeleryOptions.DEFAULT);

    assertThat(sum.get(WAIT)).isEqualTo(5);
    assertThat(byName.get(WAIT, Long.class)).isEqualTo(42L);
    assertThat(echo.get(WAIT)).isEqualTo(Map.of("args", List.of(1, "two"),
        "kwargs", Map.of("k", List.of(true))));
    assertThat(sum.state()).isEqualTo("SUCCESS");
    assertThat(sum.metaJson().orElseThrow()).contains("\"task_id\":\"" + sum.id() + "\"");
    assertThat(raw.sync().ttl(CeleryKeys.meta(sum.id()))).isBetween(86_000L, 86_400L);
    assertThat(raw.sync().smembers("_kombu.binding.myq")).containsExactly("myq\u0006\u0016\u0006\u0016myq");
  }

  @Test
  void aFailureIsStoredAsFailureWithPythonsExceptionAndTheTaskIsDeadLettered() throws Exception {
    startWorker();
    CeleryResult r = celery.send("t.fail", List.of("boom 7"), Map.of(), CeleryOptions.DEFAULT);

    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOfSatisfying(CeleryTaskException.class, e -> {
      assertThat(e.state()).isEqualTo("FAILURE");
      assertThat(e.excType()).isEqualTo("ValueError");
      assertThat(e.excModule()).isEqualTo("builtins");
      assertThat(e.excMessage()).containsExactly("boom 7");
      assertThat(e.traceback()).contains("IllegalArgumentException");
    });
    await().atMost(WAIT).until(() -> !dead().isEmpty());
    assertThat(dead()).extracting(TaskInfo::id).containsExactly(r.id());
  }

  @Test
  void anUnknownTaskIsFailureNotRegistered() {
    startWorker();
    CeleryResult r = celery.send("t.nope", List.of(), Map.of(), CeleryOptions.DEFAULT);

    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOfSatisfying(CeleryTaskException.class, e -> {
      assertThat(e.excType()).isEqualTo("NotRegistered");
      assertThat(e.excModule()).isEqualTo("celery.exceptions");
      assertThat(e.excMessage()).containsExactly("t.nope");
    });
  }

  @Test
  void aRetryStoresRetryThenTheValueWithCeleryRetryCountAndParentId() throws Exception {
    startWorker();
    CeleryResult r = celery.send("t.retry_once", List.of("v1"), Map.of(), CeleryOptions.DEFAULT);

    assertThat(r.get(WAIT)).isEqualTo("v1");
    assertThat(retriesSeen).hasValue(1);
    assertThat(r.metaJson().orElseThrow()).contains("\"parent_id\":\"" + r.id() + "\"");
  }

  @Test
  void anEtaIsHonouredAndATaskThatExpiredBeforeItsEtaIsRevoked() throws Exception {
    startWorker();
    java.time.Instant sent = java.time.Instant.now();
    CeleryResult late = celery.send("t.add", List.of(1, 1), Map.of(), CeleryOptions.builder()
        .countdown(Duration.ofSeconds(1)).expiresIn(Duration.ofMillis(10)).build());
    CeleryResult due = celery.send("t.add", List.of(1, 1), Map.of(), CeleryOptions.builder()
        .countdown(Duration.ofSeconds(1)).build());

    assertThat(due.get(WAIT)).isEqualTo(2);
    // the meta is stored before taskq's ack (batched), which keeps the task's record
    await().atMost(WAIT).until(() -> broker.find("celery", due.id())
        .map(t -> t.record() != null).orElse(false));
    assertThat(broker.find("celery", due.id()).orElseThrow().record().startedAt())
        .isAfterOrEqualTo(sent.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThatThrownBy(() -> late.get(WAIT)).isInstanceOfSatisfying(CeleryTaskException.class,
        e -> {
          assertThat(e.state()).isEqualTo("REVOKED");
          assertThat(e.excType()).isEqualTo("TaskRevokedError");
          assertThat(e.excMessage()).containsExactly("expired");
        });
  }

  @Test
  void malformedMessagesGoToTheDlqWithTheirReasonAndTheWorkerGoesOn() throws Exception {
    startWorker();
    raw.sync().lpush("celery", "{garbage");
    // a 2-element body ([[1, 1], {}]) and a protocol v1 message: each kills a Python worker
    raw.sync().lpush("celery", CeleryMessageTest.CAPTURED.replaceFirst("\"body\": \"[^\"]*\"",
        "\"body\": \"W1sxLCAxXSwge31d\""));
    raw.sync().lpush("celery", "{\"body\": \"e30=\", \"content-type\": \"application/json\","
        + " \"headers\": {}, \"properties\": {\"body_encoding\": \"base64\"}}");

    assertThat(celery.send("t.add", List.of(20, 22), Map.of(), CeleryOptions.DEFAULT).get(WAIT))
        .isEqualTo(42);
    await().atMost(WAIT).until(() -> dead().size() == 3);
    assertThat(dead()).extracting(t -> t.lastError().message()).containsExactlyInAnyOrder(
        "not JSON: Unexpected character ('g' (code 103)): was expecting double-quote to start"
            + " field name",
        "body is not [args, kwargs, embed] (3 elements)",
        "no headers.task: a protocol v1 message or not a task (Celery 5 sends protocol v2)");
    assertThat(dead()).extracting(TaskInfo::taskName).containsOnly("celery.rejected");
    assertThat(raw.sync().zcard(CeleryKeys.inbox("celery"))).isZero();
  }

  @Test
  void messagesAStoppedWorkerLeftInTheInboxAreStoredAndRun() throws Exception {
    String id = "left-in-inbox";
    CeleryResult r = celery.result(id);
    raw.sync().zadd(CeleryKeys.inbox("celery"), 1, CeleryMessageTest.CAPTURED
        .replace("beb25bd6-5d84-46f1-8dcd-c65de4c8813f", id).replace("tasks.echo", "t.echo"));

    startWorker();

    assertThat(r.get(WAIT)).isEqualTo(Map.of("args", List.of(1, "two"),
        "kwargs", Map.of("k", "v", "n", List.of(1, 2))));
    assertThat(raw.sync().zcard(CeleryKeys.inbox("celery"))).isZero();
  }

  private List<TaskInfo> dead() {
    return Inspector.create(broker, config).dead("celery", DeadFilter.ALL, 0, 100);
  }
}
