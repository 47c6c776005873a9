package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.EventsConfig;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.spi.EventStream;
import io.taskq.spi.TaskEvent;
import io.taskq.test.redis.RedisServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Task events written by a client and a worker on a real redis-server. */
class WorkerEventsIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  record Job(int n) {}

  static final TaskDefinition<Job> OK = TaskDefinition.of("events.ok", Job.class)
      .withQueue("ev");
  static final TaskDefinition<Job> BAD = TaskDefinition.of("events.bad", Job.class)
      .withQueue("ev");

  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RedisBroker broker;
  private TaskqConfig config;

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    broker = REDIS.broker();
    config = TaskqConfig.DEFAULT.withEvents(EventsConfig.ON).withQueue(QueueConfig.builder("ev")
        .retry(RetryPolicy.builder().maxRetries(1).backoff(Backoff.fixed(Duration.ofMillis(10)))
            .build())
        .build());
  }

  @AfterEach
  void tearDown() throws Exception {
    workers.forEach(Worker::close);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private Worker worker(Broker b, TaskqConfig c, SimpleMeterRegistry meters) {
    Worker w = Worker.builder().broker(b).config(c).queues("ev").meterRegistry(meters)
        .register(OK, (job, ctx) -> job.n())
        .register(BAD, (job, ctx) -> {
          throw new IllegalStateException("always fails");
        })
        .build();
    workers.add(w);
    return w.start();
  }

  private List<TaskEvent> eventsOf(String id) {
    return broker.events().read(null, EventStream.MAX_READ).events().stream()
        .filter(e -> e.taskId().equals(id)).toList();
  }

  private List<String> typesOf(String id) {
    return eventsOf(id).stream().map(e -> e.type().word()).toList();
  }

  /**
   * The types a worker (or, with {@code false}, a client) reported: each publisher's events are
   * in order, but the client's {@code sent} and a worker's {@code started} come from two
   * publishers that each batch for up to 5 ms, and a worker may wake and start the task sooner.
   */
  private List<String> typesOf(String id, boolean byWorker) {
    return eventsOf(id).stream().filter(e -> (e.worker() != null) == byWorker)
        .map(e -> e.type().word()).toList();
  }

  @Test
  void aSucceedingTaskIsSentThenStartedThenSucceeded() {
    Worker w = worker(broker, config, new SimpleMeterRegistry());
    TaskHandle<Object> h = TaskClient.create(broker, config).submit(OK, new Job(1));

    await().atMost(Duration.ofSeconds(10))
        .until(() -> typesOf(h.id(), true), t -> t.equals(List.of("started", "succeeded")));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> typesOf(h.id(), false), t -> t.equals(List.of("sent")));

    List<TaskEvent> events = eventsOf(h.id());
    assertThat(events).allSatisfy(e -> {
      assertThat(e.queue()).isEqualTo("ev");
      assertThat(e.task()).isEqualTo("events.ok");
      assertThat(e.host()).isNotBlank();
      assertThat(e.errorType()).isNull();
    });
    assertThat(events).filteredOn(e -> e.worker() == null).extracting(TaskEvent::attempt)
        .containsExactly(0);
    assertThat(events).filteredOn(e -> e.worker() != null).extracting(TaskEvent::attempt)
        .containsExactly(1, 1);
    assertThat(events).extracting(TaskEvent::worker).containsOnly(null, w.id());
  }

  @Test
  void aFailingTaskFailsIsRetriedFailsAgainAndDies() {
    worker(broker, config, new SimpleMeterRegistry());
    TaskHandle<Object> h = TaskClient.create(broker, config).submit(BAD, new Job(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> typesOf(h.id(), true), t -> t.equals(
        List.of("started", "failed", "retried", "started", "failed", "dead")));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> typesOf(h.id(), false), t -> t.equals(List.of("sent")));

    List<TaskEvent> events = eventsOf(h.id());
    assertThat(events).filteredOn(e -> e.worker() != null).extracting(TaskEvent::attempt)
        .containsExactly(1, 1, 1, 2, 2, 2);
    assertThat(events).filteredOn(e -> e.type() == TaskEvent.Type.FAILED)
        .extracting(TaskEvent::errorType, TaskEvent::errorMessage)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(
            "java.lang.IllegalStateException", "always fails"));
    assertThat(events.getLast().errorType()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void aWaitingTaskRevokedByAClientIsSentThenRevoked() {
    TaskClient client = TaskClient.create(broker, config);
    TaskHandle<Object> h = client.submit(OK, new Job(1),
        TaskOptions.builder().countdown(Duration.ofHours(1)).build());

    assertThat(client.revoke(h)).isEqualTo(TaskState.SCHEDULED);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> typesOf(h.id()), t -> t.equals(List.of("sent", "revoked")));
    assertThat(eventsOf(h.id()).getLast().task()).isEqualTo("events.ok");
  }

  @Test
  void nothingIsWrittenWhileEventsAreOff() {
    TaskqConfig off = config.withEvents(EventsConfig.OFF);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    worker(broker, off, meters);
    TaskClient client = TaskClient.create(broker, off);
    TaskHandle<Object> h = client.submit(OK, new Job(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> client.find(h).map(TaskInfo::state)
        .orElse(null) == TaskState.SUCCEEDED);

    assertThat(REDIS.server().cli("EXISTS", "taskq:events")).isEqualTo("0");
    assertThat(meters.find(MetricNames.EVENTS_DROPPED).functionCounter()).isNull();
  }

  @Test
  void eventsToARedisThatIsDownAreDroppedAndCountedWhileTasksRunOn() {
    RedisServer eventsServer = RedisServer.start();
    closing.add(eventsServer);
    RedisBroker eventsBroker = RedisBroker.connect(RedisConfig.DEFAULT
        .withUrl(eventsServer.url()));
    closing.add(eventsBroker);
    Broker split = eventsElsewhere(broker, eventsBroker.events());
    eventsServer.stop();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    worker(split, config, meters);
    TaskClient client = TaskClient.create(split, config);

    List<TaskHandle<Object>> handles = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      handles.add(client.submit(OK, new Job(i)));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> handles.stream().allMatch(h ->
        client.find(h).map(TaskInfo::state).orElse(null) == TaskState.SUCCEEDED));
    // each task's started and succeeded events were dropped and counted by the worker
    await().atMost(Duration.ofSeconds(10)).until(() -> meters.get(MetricNames.EVENTS_DROPPED)
        .functionCounter().count() >= 40);
    assertThat(meters.get(MetricNames.EVENTS_DROPPED).functionCounter().getId()
        .getDescription()).contains("not appended", "Redis");
  }

  /** {@code tasks} for everything but the event stream, which is {@code events}. */
  private static Broker eventsElsewhere(Broker tasks, EventStream events) {
    return (Broker) Proxy.newProxyInstance(Broker.class.getClassLoader(),
        new Class<?>[] {Broker.class}, (proxy, method, args) -> {
          if (method.getName().equals("events")) {
            return events;
          }
          try {
            return method.invoke(tasks, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
