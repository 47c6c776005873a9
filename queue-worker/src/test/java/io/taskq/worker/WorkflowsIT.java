package io.taskq.worker;

import static io.taskq.Step.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.SkipRetryException;
import io.taskq.Step;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskFailedException;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.WorkflowHandle;
import io.taskq.WorkflowInfo;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.FollowUpRunner;
import io.taskq.internal.Workflows;
import io.taskq.redis.RedisBroker;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.TaskRecord;
import io.taskq.test.redis.RedisServerExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chains, groups, chords and callbacks on a real redis-server, with a worker in this JVM. */
class WorkflowsIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  static final TaskDefinition<Integer> INC = TaskDefinition.of("wf.inc", Integer.class)
      .withQueue("wf");
  static final TaskDefinition<Object> FAIL = TaskDefinition.of("wf.fail", Object.class)
      .withQueue("wf");
  static final TaskDefinition<Integer> FLAKY = TaskDefinition.of("wf.flaky", Integer.class)
      .withQueue("wf").withRetry(new RetryPolicy(3, Backoff.fixed(Duration.ofMillis(10)), java.util.Set.of(),
          java.util.Set.of()));
  static final TaskDefinition<List<Integer>> SUM = new TaskDefinition<>("wf.sum",
      listOfIntegers(), "wf", TaskOptions.DEFAULT, null);
  static final TaskDefinition<Object> RECORD = TaskDefinition.of("wf.record", Object.class)
      .withQueue("wf");

  static TaskqConfig config;
  static RedisBroker broker;
  static TaskClient client;
  static Worker worker;
  static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  static final List<Object> recorded = new CopyOnWriteArrayList<>();
  static final AtomicInteger sums = new AtomicInteger();

  @SuppressWarnings("unchecked")
  private static Class<List<Integer>> listOfIntegers() {
    return (Class<List<Integer>>) (Class<?>) List.class;
  }

  @BeforeAll
  static void start() {
    config = TaskqConfig.DEFAULT.withRedis(RedisConfig.DEFAULT.withUrl(REDIS.url()))
        .withQueue(QueueConfig.builder("wf").concurrency(8).build());
    broker = RedisBroker.connect(config.redis());
    client = TaskClient.create(broker, config);
    worker = Worker.builder().broker(broker).config(config).queues("wf")
        .register(INC, (n, ctx) -> {
          runs.computeIfAbsent(ctx.id(), k -> new AtomicInteger()).incrementAndGet();
          return n + 1;
        })
        .register(FAIL, (x, ctx) -> {
          throw new SkipRetryException("boom " + x);
        })
        .register(FLAKY, (n, ctx) -> {
          if (ctx.retries() < 2) {
            throw new IllegalStateException("flaky, retry " + ctx.retries());
          }
          return n + 1;
        })
        .register(SUM, (list, ctx) -> {
          sums.incrementAndGet();
          return list.stream().mapToInt(Integer::intValue).sum();
        })
        .register(RECORD, (x, ctx) -> {
          recorded.add(x);
          return null;
        })
        .build().start();
  }

  @AfterAll
  static void stop() {
    worker.close();
    client.close();
    broker.close();
  }

  @Test
  void chainPassesEachResultToTheNextStepAndSucceeds() {
    WorkflowHandle chain = client.chain(step(INC, 1), step(INC), step(INC));

    // the last step is not submitted yet: its planned handle waits for that too
    assertThat(chain.last().planned()).isTrue();
    assertThat(chain.last().await(Duration.ofSeconds(20))).isEqualTo(4);
    assertThat(chain.await(Duration.ofSeconds(5))).isEqualTo(4);
    await().atMost(Duration.ofSeconds(10)).until(() -> client.workflow(chain.id())
        .map(w -> w.state() == WorkflowInfo.State.SUCCEEDED).orElse(false));
    WorkflowInfo w = client.workflow(chain.id()).orElseThrow();
    assertThat(w.kind()).isEqualTo(WorkflowInfo.Kind.CHAIN);
    assertThat(w.members()).extracting(WorkflowInfo.Member::result)
        .containsExactly("2", "3", "4");
    assertThat(chain.tasks()).allSatisfy(t -> assertThat(runs.get(t.id())).hasValue(1));
  }

  @Test
  void aDeadStepStopsTheChainAndNamesTheStep() {
    WorkflowHandle chain = client.chain(step(INC, 1), step(FAIL), step(INC));

    // the wait for the whole reports the step that failed, not a timeout of the last one
    assertThatThrownBy(() -> chain.await(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(TaskFailedException.class, e -> {
          assertThat(e.taskId()).isEqualTo(chain.tasks().get(1).id());
          assertThat(e.state()).isEqualTo(TaskState.DEAD);
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> client.workflow(chain.id())
        .map(w -> w.state() == WorkflowInfo.State.FAILED).orElse(false));
    WorkflowInfo w = client.workflow(chain.id()).orElseThrow();
    assertThat(w.failedIndex()).isEqualTo(1);
    assertThat(w.failure().state()).isEqualTo(TaskState.DEAD);
    assertThat(w.failure().error().type()).endsWith("SkipRetryException");
    assertThat(w.failure().error().message()).isEqualTo("boom 2");
    assertThat(client.find(chain.tasks().get(2))).isEmpty(); // never submitted
  }

  @Test
  void aChordOfAHundredRunsItsBodyOnceWithEveryResultInOrder() {
    List<Step> members = new ArrayList<>();
    IntStream.range(0, 100).forEach(i -> members.add(i == 37 ? step(FLAKY, i) : step(INC, i)));
    int before = sums.get();

    WorkflowHandle chord = client.chord(members, step(SUM));

    // 1 + 2 + ... + 100: each member returns its payload + 1; member 37 after two retries
    assertThat(chord.await(Duration.ofSeconds(30))).isEqualTo(5050);
    WorkflowInfo w = client.workflow(chord.id()).orElseThrow();
    assertThat(w.state()).isEqualTo(WorkflowInfo.State.SUCCEEDED);
    assertThat(w.succeeded()).isEqualTo(100);
    assertThat(w.members().get(37).result()).isEqualTo("38");
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> sums.get() == before + 1);
  }

  @Test
  void aGroupOfTenThousandIsSubmittedInChunksAndItsBodyGetsEveryResult() {
    List<Step> members = IntStream.range(0, 10_000).mapToObj(i -> step(INC, i)).toList();

    WorkflowHandle chord = client.chord(members, step(SUM));

    // 1 + 2 + ... + 10,000; the body's planned handle waits for its submission
    assertThat(chord.body().await(Duration.ofSeconds(120))).isEqualTo(50_005_000);
    assertThat(client.workflow(chord.id()).orElseThrow().succeeded()).isEqualTo(10_000);
  }

  @Test
  void theErrorCallbackOfAGroupRunsOnceWhenAMemberDies() {
    WorkflowHandle group = client.chord(List.of(step(INC, 1), step(FAIL, "x")), step(SUM),
        step(RECORD));

    await().atMost(Duration.ofSeconds(20)).until(() -> recorded.stream()
        .anyMatch(r -> r.toString().contains(group.tasks().get(1).id())));
    WorkflowInfo w = client.workflow(group.id()).orElseThrow();
    assertThat(w.state()).isEqualTo(WorkflowInfo.State.FAILED);
    assertThat(w.failedIndex()).isEqualTo(1);
    assertThat(recorded).filteredOn(r -> r.toString().contains(group.tasks().get(1).id()))
        .singleElement().asString().contains("state=dead").contains("SkipRetryException");
    assertThat(client.find(group.body())).isEmpty();
  }

  @Test
  void successAndFailureCallbacksRunOncePerOutcome() {
    client.submit(INC, 41, TaskOptions.builder().onSuccess(step(RECORD))
        .onFailure(RECORD, "never").build());
    client.submit(FAIL, "y", TaskOptions.builder().onSuccess(RECORD, "never")
        .onFailure(RECORD, "failed y").build());

    await().atMost(Duration.ofSeconds(20)).until(() -> recorded.contains(42)
        && recorded.contains("failed y"));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> !recorded.contains("never"));
  }

  /**
   * A worker that acked a step and died before acting on its follow-up (here: one that acts but
   * never removes it, so it is handled again and again) advances the chain exactly once.
   */
  @Test
  void aFollowUpHandledTwiceAdvancesTheChainOnce() {
    TaskqConfig cfg = config.withQueue(QueueConfig.builder("wf2").build());
    TaskDefinition<Integer> inc2 = INC.withQueue("wf2");
    WorkflowHandle chain = client.chain(step(inc2, 1), step(inc2));
    Broker keepsEntries = neverRemovesFollowUps(broker);
    FollowUpRunner runner = new FollowUpRunner(keepsEntries,
        new Workflows(keepsEntries, cfg, new EnvelopeCodec(cfg.maxPayload()), Clock.systemUTC()));

    ackNext("wf2", "2"); // step 1 ends: its links go to the outbox with the ack
    assertThat(runner.drain("wf2")).isEqualTo(1);
    assertThat(runner.drain("wf2")).isEqualTo(1); // the same entry again: step 2 is live
    assertThat(broker.counts("wf2").pending()).isEqualTo(1);
    ackNext("wf2", "3"); // step 2 ends
    runner.drain("wf2"); // step 1's entry once more: step 2 finished, so it is not resubmitted
    assertThat(broker.counts("wf2").pending()).isZero();
    assertThat(client.workflow(chain.id()).orElseThrow().state())
        .isEqualTo(WorkflowInfo.State.SUCCEEDED);
  }

  private static void ackNext(String queue, String result) {
    List<ClaimedTask> claimed = broker.claim(ClaimRequest.of(config.withQueue(
        QueueConfig.builder(queue).build()).queue(queue), 1, "test-worker")).tasks();
    assertThat(claimed).hasSize(1);
    ClaimedTask c = claimed.get(0);
    TaskRecord record = new TaskRecord(TaskState.SUCCEEDED, "wf.inc", null, null, Instant.now(),
        1, "test-worker");
    assertThat(broker.ack(queue, List.of(new Ack(c.ref(), result, Duration.ofHours(1),
        record)))).isEmpty();
  }

  private static Broker neverRemovesFollowUps(Broker real) {
    return (Broker) Proxy.newProxyInstance(Broker.class.getClassLoader(),
        new Class<?>[] {Broker.class}, (proxy, method, args) -> {
          if (method.getName().equals("followUpDone")) {
            return null;
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
