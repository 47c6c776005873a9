package io.taskq.redis;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.BrokerRefusedException;
import io.taskq.ConfigException;
import io.taskq.DeadLetterPolicy;
import io.taskq.TaskState;
import io.taskq.config.RedisConfig;
import io.taskq.redis.internal.KeyTypes;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Ack;
import io.taskq.spi.BeatFireResult;
import io.taskq.spi.BeatFiring;
import io.taskq.spi.ClaimedTask;
import io.taskq.spi.FsckProblem;
import io.taskq.spi.FsckScan;
import io.taskq.spi.NewTask;
import io.taskq.spi.ReapRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis states an operator meets by accident: the server at maxmemory with noeviction, a key of
 * the wrong type, a score that is no time, an id twice in pending.
 */
class RedisHardeningIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final AtomicInteger N = new AtomicInteger();
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final RedisBroker broker = REDIS.broker(); // closed after each test
  private final String q = "h" + N.incrementAndGet();
  private final RedisKeys k = RedisKeys.of(q);

  @AfterEach
  void resetMaxmemory() {
    cli("CONFIG", "SET", "maxmemory", "0");
  }

  private String cli(String... args) {
    return REDIS.server().cli(args);
  }

  /** Every write that may grow memory is refused from now on (used_memory is always above). */
  private void outOfMemory() {
    cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
    cli("CONFIG", "SET", "maxmemory", "1");
    assertThat(cli("SET", "probe", "x")).startsWith("OOM");
  }

  @Test
  void atMaxmemoryConnectingReadingFreeingPausingClaimingAndAckingWork() {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(aTask().inQueue(q).build());
    }
    broker.enqueue(tasks);
    broker.enqueue(List.of(aTask().inQueue(q).withCountdown(Duration.ofHours(1)).build()));
    List<ClaimedTask> dying = broker.claim(q, 1, LEASE, "w0");
    broker.deadLetter(q, dying.get(0).ref(), dying.get(0).envelope(), DeadLetterPolicy.DEFAULT);
    outOfMemory();

    try (RedisBroker again = RedisBroker.connect(RedisConfig.DEFAULT.withUrl(REDIS.url()))) {
      assertThat(again.serverWarnings()).anyMatch(w -> w.startsWith("Redis is out of memory"));
    }
    assertThatThrownBy(() -> broker.enqueue(List.of(aTask().inQueue(q).build())))
        .isInstanceOf(BrokerRefusedException.class).hasMessageContaining("out of memory");

    List<ClaimedTask> c = broker.claim(q, 3, LEASE, "w1");
    assertThat(c).hasSize(3);
    broker.markStarted(q, List.of(c.get(0).ref()));
    assertThat(broker.extend(q, List.of(c.get(0).ref(), c.get(1).ref()), LEASE)).isEmpty();
    assertThat(broker.ack(q, List.of(new Ack(c.get(0).ref(), null, Duration.ZERO)))).isEmpty();
    assertThat(broker.retry(q, c.get(1).ref(), c.get(1).envelope(), Duration.ofHours(1)))
        .isTrue();
    assertThat(broker.requeue(q, c.get(2).ref())).isTrue();
    assertThat(broker.reap(q, new ReapRequest(100, 3, DeadLetterPolicy.DEFAULT,
        Duration.ofMillis(50))).skipped()).isFalse();

    broker.setPaused(q, true);
    assertThat(broker.isPaused(q)).isTrue();
    broker.setPaused(q, false);
    assertThat(broker.counts(q).dead()).isEqualTo(1);
    assertThat(broker.admin().deleteDead(q, List.of(dying.get(0).id()))).isEqualTo(1);
    assertThat(broker.admin().purge(q, TaskState.PENDING)).isEqualTo(3);
    assertThat(broker.admin().scan(q, Instant.now()).danglingIds()).isEmpty();
  }

  @Test
  void atMaxmemoryAFirstConnectWorksWithoutRecordingTheLayoutVersion() {
    cli("DEL", RedisKeys.VERSION);
    outOfMemory();
    try (RedisBroker first = RedisBroker.connect(RedisConfig.DEFAULT.withUrl(REDIS.url()))) {
      assertThat(first.counts(q).pending()).isZero();
    }
    cli("CONFIG", "SET", "maxmemory", "0");
    RedisBroker.connect(RedisConfig.DEFAULT.withUrl(REDIS.url())).close();
    assertThat(cli("GET", RedisKeys.VERSION)).isEqualTo(RedisBroker.LIBRARY_VERSION);
  }

  @Test
  void aDatabaseTheServerDoesNotHaveIsAConfigErrorNotAnOutage() {
    assertThatThrownBy(() -> RedisBroker.connect(RedisConfig.DEFAULT.withUrl(REDIS.url() + "/99")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Redis at " + REDIS.url() + "/99 has no such database (ERR DB index is out"
            + " of range); name one below its databases setting (16 by default)");
  }

  @Test
  void aKeyOfTheWrongTypeRefusesEveryChangeBeforeItsFirstWrite() {
    for (String key : KeyTypes.expectedForTest(k).keySet()) {
      String waiting = aTask().inQueue(q).build().id();
      broker.enqueue(List.of(aTask().inQueue(q).withId(waiting).build()));
      String wrong = KeyTypes.expectedForTest(k).get(key).equals("list") ? "SET" : "RPUSH";
      cli("RENAME", key, "saved"); // "no such key" when absent: nothing to keep
      cli(wrong, key, "garbage");
      for (Runnable change : changes()) {
        try {
          change.run();
        } catch (BrokerRefusedException e) {
          assertThat(e).hasMessageContaining("WRONGTYPE taskq key " + key);
        }
      }
      assertThat(broker.keyProblems(q)).singleElement().asString().contains(key);
      cli("DEL", key);
      cli("RENAME", "saved", key);
      // whatever ran, no task lost its payload or index: fsck finds nothing
      FsckScan scan = broker.admin().scan(q, Instant.EPOCH);
      assertThat(scan.danglingIds()).as("dangling after a wrong %s", key).isEmpty();
      assertThat(scan.orphanIds()).as("orphans after a wrong %s", key).isEmpty();
      broker.admin().purge(q, TaskState.PENDING);
      broker.admin().purge(q, TaskState.SCHEDULED);
      broker.admin().purge(q, TaskState.RETRY);
      broker.admin().purge(q, TaskState.DEAD);
    }
  }

  /** One of each change a worker or operator makes on the queue. */
  private List<Runnable> changes() {
    return List.of(
        () -> broker.enqueue(List.of(aTask().inQueue(q).build(),
            aTask().inQueue(q).withCountdown(Duration.ofHours(1)).build())),
        () -> {
          for (ClaimedTask c : broker.claim(q, 2, LEASE, "w")) {
            broker.markStarted(q, List.of(c.ref()));
            broker.extend(q, List.of(c.ref()), LEASE);
            broker.retry(q, c.ref(), c.envelope(), Duration.ZERO);
          }
        },
        () -> broker.forwardDue(q, 10),
        () -> {
          for (ClaimedTask c : broker.claim(q, 2, LEASE, "w")) {
            broker.deadLetter(q, c.ref(), c.envelope(), DeadLetterPolicy.DEFAULT);
          }
        },
        () -> {
          for (ClaimedTask c : broker.claim(q, 2, LEASE, "w")) {
            broker.ack(q, List.of(new Ack(c.ref(), "{}", Duration.ofMinutes(1))));
          }
        },
        () -> {
          for (ClaimedTask c : broker.claim(q, 2, Duration.ZERO, "w")) {
            broker.requeue(q, c.ref());
          }
        },
        () -> broker.reap(q, new ReapRequest(100, 3, DeadLetterPolicy.DEFAULT, Duration.ZERO)),
        () -> broker.setPaused(q, true),
        () -> broker.setPaused(q, false));
  }

  @Test
  void aScoreThatIsNoTimeReadsAsNoTimeAndFsckRepairsIt() {
    NewTask later = aTask().inQueue(q).withCountdown(Duration.ofHours(1)).build();
    NewTask retried = aTask().inQueue(q).build();
    broker.enqueue(List.of(later, retried));
    ClaimedTask c = broker.claim(q, 1, LEASE, "w").get(0);
    broker.retry(q, c.ref(), c.envelope(), Duration.ofHours(1));
    cli("ZADD", k.scheduled(), "+inf", later.id());
    cli("ZADD", k.retry(), "1e300", retried.id());

    assertThat(broker.find(q, later.id()).orElseThrow().score()).isNull();
    assertThat(broker.find(q, retried.id()).orElseThrow().score()).isNull();
    assertThat(broker.forwardDue(q, 10)).isZero();

    FsckScan scan = broker.admin().scan(q, Instant.EPOCH);
    assertThat(scan.badScores()).containsExactlyInAnyOrder(later.id(), retried.id());
    assertThat(broker.admin().repair(q, FsckProblem.BAD_SCORE, scan.badScores(), Instant.EPOCH))
        .isEqualTo(2);
    assertThat(broker.forwardDue(q, 10)).isEqualTo(2);
    assertThat(broker.admin().scan(q, Instant.EPOCH).badScores()).isEmpty();
  }

  @Test
  void anInfiniteLeaseDeadlineDoesNotBreakTheReaper() {
    broker.enqueue(List.of(aTask().inQueue(q).build()));
    ClaimedTask c = broker.claim(q, 1, LEASE, "w").get(0);
    cli("ZADD", k.active(), "+inf", c.id());
    assertThat(broker.reap(q, new ReapRequest(100, 3, DeadLetterPolicy.DEFAULT, Duration.ZERO))
        .nextExpiry()).isNull();
    assertThat(broker.find(q, c.id()).orElseThrow().state()).isEqualTo(TaskState.ACTIVE);
    assertThat(broker.admin().scan(q, Instant.EPOCH).badScores()).containsExactly(c.id());
  }

  @Test
  void anIdTwiceInPendingRunsOnceAndFsckRemovesTheCopy() {
    NewTask t = aTask().inQueue(q).build();
    broker.enqueue(List.of(t));
    cli("RPUSH", k.pending(), t.id());
    assertThat(broker.admin().scan(q, Instant.EPOCH).duplicateIds()).containsExactly(t.id());
    assertThat(broker.admin().repair(q, FsckProblem.DUPLICATE_ID, List.of(t.id()),
        Instant.EPOCH)).isEqualTo(1);
    assertThat(broker.counts(q).pending()).isEqualTo(1);

    cli("RPUSH", k.pending(), t.id());
    List<ClaimedTask> both = broker.claim(q, 10, LEASE, "w");
    assertThat(both).extracting(ClaimedTask::id).containsExactly(t.id());
    assertThat(broker.ack(q, List.of(new Ack(both.get(0).ref(), null, Duration.ZERO)))).isEmpty();

    cli("RPUSH", k.pending(), t.id()); // a copy of a task that already finished
    assertThat(broker.claim(q, 10, LEASE, "w")).isEmpty();
    assertThat(broker.counts(q).dead()).isZero();
  }

  @Test
  void aBeatOccurrenceRefusedForAKeyOfTheWrongTypeFiresOnceTheKeyIsFixed() {
    cli("SET", k.pending(), "garbage");
    NewTask task = aTask().inQueue(q).build();
    BeatFiring firing = new BeatFiring("every-minute", Instant.ofEpochSecond(60), task, false);
    assertThatThrownBy(() -> broker.beat().fire(firing))
        .isInstanceOf(BrokerRefusedException.class).hasMessageContaining(k.pending());
    assertThat(cli("HLEN", k.tasks())).isEqualTo("0");
    cli("DEL", k.pending());
    assertThat(broker.beat().fire(firing)).isEqualTo(BeatFireResult.FIRED);
    assertThat(broker.counts(q).pending()).isEqualTo(1);
  }
}
