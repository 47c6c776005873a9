package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskq.Inspector;
import io.taskq.QueueConfig;
import io.taskq.QueueStats;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A queue spread over four shards on a real redis-server: submit, work, inspect as one queue. */
class ShardedQueueIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  record Job(String key, int n) {}

  static final TaskDefinition<Job> JOB = TaskDefinition.of("sharded.job", Job.class)
      .withQueue("email");

  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private RedisBroker broker;

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    broker = REDIS.broker();
  }

  @AfterEach
  void tearDown() {
    workers.forEach(Worker::close);
  }

  private static TaskqConfig config(int shards, int concurrency) {
    return TaskqConfig.DEFAULT.withQueue(QueueConfig.builder("email").shards(shards)
        .concurrency(concurrency).prefetch(0).build());
  }

  private Worker worker(TaskqConfig config, SimpleMeterRegistry meters, List<Job> ran) {
    return worker(config, meters, (job, ctx) -> {
      ran.add(job);
      return ctx.queue();
    });
  }

  private Worker worker(TaskqConfig config, SimpleMeterRegistry meters,
      io.taskq.TaskHandler<Job> handler) {
    Worker w = Worker.builder().broker(broker).config(config).queues("email")
        .meterRegistry(meters).register(JOB, handler).build();
    workers.add(w);
    return w;
  }

  /** Submits {@code n} jobs with a client of {@code config}; returns the client. */
  private TaskClient submit(TaskqConfig config, int n) {
    TaskClient client = TaskClient.create(broker, config);
    for (int i = 0; i < n; i++) {
      client.submit(JOB, new Job("k", i));
    }
    return client;
  }

  @Test
  void tasksGoRoundRobinOverTheShardsAndOneWorkerDrainsThemAll() {
    TaskqConfig config = config(4, 4);
    TaskClient client = TaskClient.create(broker, config);
    List<TaskHandle<Object>> handles = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      handles.add(client.submit(JOB, new Job("k", i)));
    }
    handles.addAll(client.submitAll(JOB, List.of(new Job("b", 0), new Job("b", 1),
        new Job("b", 2), new Job("b", 3)), TaskOptions.DEFAULT));

    for (int s = 0; s < 4; s++) {
      assertThat(broker.counts("email#" + s).pending()).as("shard %d", s).isEqualTo(11);
    }
    assertThat(broker.counts("email").pending()).isZero();
    Inspector inspector = Inspector.create(broker, config);
    assertThat(inspector.queues()).containsExactly("email");
    assertThat(inspector.stats("email").pending()).isEqualTo(44);
    assertThat(inspector.tasks("email", TaskState.PENDING, 100)).hasSize(44);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<Job> ran = new CopyOnWriteArrayList<>();
    Worker w = worker(config, meters, ran);
    assertThat(w.capacity()).as("the queue's concurrency covers its shards").isEqualTo(4);
    w.runUntilIdle();

    assertThat(ran).hasSize(44);
    QueueStats stats = inspector.stats("email");
    assertThat(stats.pending()).isZero();
    assertThat(stats.processed()).isEqualTo(44);
    assertThat(meters.get(MetricNames.TASKS_COMPLETED).tag("queue", "email").counter().count())
        .isEqualTo(44);
    assertThat(meters.find(MetricNames.TASKS_COMPLETED).tag("queue", "email#0").counter())
        .isNull();
    TaskHandle<Object> first = handles.get(0);
    assertThat(first.queue()).isEqualTo("email#0");
    assertThat(client.result(first).orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
    // a handle made from the queue's own name finds the shard holding the task
    TaskHandle<String> byName = client.handle(handles.get(1).id(), "email", String.class);
    assertThat(byName.queue()).isEqualTo("email#1");
    assertThat(byName.await(Duration.ofSeconds(5))).isEqualTo("email#1");
  }

  @Test
  void tasksOfOneShardKeyGoToOneShardAndRunInSubmissionOrder() {
    TaskqConfig config = config(4, 1);
    TaskClient client = TaskClient.create(broker, config);
    Map<String, String> shardOf = new HashMap<>();
    for (int n = 0; n < 10; n++) {
      for (int k = 0; k < 8; k++) {
        String key = "customer-" + k;
        TaskHandle<Object> h = client.submit(JOB, new Job(key, n),
            TaskOptions.builder().shardKey(key).build());
        assertThat(shardOf.computeIfAbsent(key, x -> h.queue())).isEqualTo(h.queue());
      }
    }
    assertThat(shardOf.values()).as("8 keys over 4 shards").hasSizeGreaterThan(1);

    List<Job> ran = new CopyOnWriteArrayList<>();
    worker(config, new SimpleMeterRegistry(), ran).runUntilIdle();

    assertThat(ran).hasSize(80);
    Map<String, List<Integer>> order = new ConcurrentHashMap<>();
    ran.forEach(j -> order.computeIfAbsent(j.key(), k -> new ArrayList<>()).add(j.n()));
    assertThat(order.values()).allSatisfy(ns -> assertThat(ns).isSorted().hasSize(10));
  }

  @Test
  void noShardStarvesWhenAllHoldWork() {
    TaskqConfig config = config(4, 2);
    submit(config, 400);
    Map<String, AtomicInteger> started = new ConcurrentHashMap<>();
    Worker w = worker(config, new SimpleMeterRegistry(), (job, ctx) -> {
      started.computeIfAbsent(ctx.queue(), q -> new AtomicInteger()).incrementAndGet();
      Thread.sleep(2);
      return null;
    });
    w.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> started.values().stream()
        .mapToInt(AtomicInteger::get).sum() >= 120);
    w.close();

    assertThat(started).containsOnlyKeys("email#0", "email#1", "email#2", "email#3");
    int total = started.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(started.values()).allSatisfy(n -> assertThat(n.get())
        .as("each shard's share of %d started tasks", total).isGreaterThanOrEqualTo(total / 8));
  }

  @Test
  void purgeAndTheDeadLetterQueueCoverEveryShard() {
    TaskqConfig config = config(4, 1);
    TaskClient client = submit(config, 8);
    Inspector inspector = Inspector.create(broker, config);

    assertThat(inspector.purge("email", TaskState.PENDING)).isEqualTo(8);
    assertThat(inspector.stats("email").pending()).isZero();

    Worker w = worker(config, new SimpleMeterRegistry(), (job, ctx) -> {
      throw new io.taskq.SkipRetryException("to the DLQ");
    });
    for (int i = 0; i < 4; i++) {
      client.submit(JOB, new Job("k", i));
    }
    w.runUntilIdle();

    assertThat(inspector.stats("email").dead()).isEqualTo(4);
    var dead = inspector.dead("email", io.taskq.DeadFilter.ALL, 0, 10);
    assertThat(dead).extracting(t -> t.queue())
        .containsExactlyInAnyOrder("email#0", "email#1", "email#2", "email#3");
    assertThat(inspector.dead("email", io.taskq.DeadFilter.ALL, 3, 10)).hasSize(1);
    assertThat(inspector.replay("email", dead.get(2).id())).isTrue();
    assertThat(inspector.stats("email").pending()).isEqualTo(1);
    assertThat(inspector.deleteDead("email", dead.stream().map(t -> t.id()).toList()))
        .isEqualTo(3);
  }

  @Test
  void afterTheShardsAreReducedAWorkerStillDrainsTheUpperShards() {
    submit(config(4, 2), 20);
    TaskqConfig after = config(2, 2);

    List<Job> ran = new CopyOnWriteArrayList<>();
    Worker w = worker(after, new SimpleMeterRegistry(), ran);
    assertThat(w.queues()).extracting(QueueConfig::name)
        .containsExactly("email#0", "email#1", "email#2", "email#3");
    w.runUntilIdle();

    assertThat(ran).hasSize(20);
    assertThat(Inspector.create(broker, after).stats("email").processed()).isEqualTo(20);
  }

  @Test
  void whenAQueueBecomesShardedAWorkerStillDrainsItsOwnName() {
    submit(config(1, 2), 6);
    TaskqConfig after = config(3, 2);

    List<Job> ran = new CopyOnWriteArrayList<>();
    Worker w = worker(after, new SimpleMeterRegistry(), ran);
    assertThat(w.queues()).extracting(QueueConfig::name)
        .containsExactly("email#0", "email#1", "email#2", "email");
    assertThat(w.capacity()).isEqualTo(2);
    w.runUntilIdle();

    assertThat(ran).hasSize(6);
    assertThat(Inspector.create(broker, after).stats("email").pending()).isZero();
  }
}
