package io.taskq.worker.internal;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.TaskqException;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.embedded.ManualClock;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimedTask;
import io.taskq.worker.TimeSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acks never depend on the "started" marks sent in the same batch; marks wait for their delay on
 * the worker's time source.
 */
class AckBatcherTest {
  private final EmbeddedBroker real = new EmbeddedBroker();
  private final AtomicInteger refusedMarks = new AtomicInteger();
  /** The broker as Redis at maxmemory answers: marks refused, everything else as usual. */
  private final Broker refusingMarks = (Broker) Proxy.newProxyInstance(
      Broker.class.getClassLoader(), new Class<?>[] {Broker.class}, (p, m, args) -> {
        if (m.getName().equals("ack") && args[0].equals("broken")) {
          throw new TaskqException("Redis failed ack: WRONGTYPE taskq key taskq:{broken}:lease"
              + " holds a string, not a hash");
        }
        if (m.getName().equals("markStarted")) {
          refusedMarks.incrementAndGet();
          throw new TaskqException("Redis failed mark_started: OOM command not allowed when used"
              + " memory > 'maxmemory'.");
        }
        try {
          return m.invoke(real, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
  private final ManualClock clock = new ManualClock();
  private final AckBatcher acks = new AckBatcher(refusingMarks, new BrokerHealth(),
      TimeSource.system(), Duration.ZERO);
  /** With the real mark delay, on the manual clock. */
  private final AckBatcher delayed = new AckBatcher(refusingMarks, new BrokerHealth(),
      TimeSource.of(clock));

  @AfterEach
  void close() {
    acks.close();
    delayed.close();
    real.close();
  }

  private final AtomicReference<Boolean> held = new AtomicReference<>();

  @Test
  void acksLandWhenTheMarksOfTheirBatchAreRefused() {
    real.enqueue(List.of(aTask().inQueue("q").build(), aTask().inQueue("q").build(),
        aTask().inQueue("q").build()));
    List<ClaimedTask> c = real.claim("q", 3, Duration.ofMinutes(1), "w");
    // marks due at once and everything queued before the thread starts: one batch holds both
    // marks and the ack
    acks.started("q", c.get(0).ref());
    acks.started("q", c.get(1).ref());
    acks.ack("q", new Ack(c.get(2).ref(), null, Duration.ZERO), held::set);
    acks.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> refusedMarks.get() > 0);
    assertThat(acks.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(real.counts("q").active()).isEqualTo(2);
    assertThat(real.find("q", c.get(2).id())).isEmpty();
    assertThat(held).hasValue(true);
  }

  @Test
  void aQueueWhoseAcksAreRefusedDoesNotHoldBackTheOthers() {
    real.enqueue(List.of(aTask().inQueue("broken").build(), aTask().inQueue("q").build()));
    ClaimedTask broken = real.claim("broken", 1, Duration.ofMinutes(1), "w").get(0);
    ClaimedTask ok = real.claim("q", 1, Duration.ofMinutes(1), "w").get(0);
    acks.ack("broken", new Ack(broken.ref(), null, Duration.ZERO), b -> {});
    acks.ack("q", new Ack(ok.ref(), null, Duration.ZERO), held::set);
    acks.start();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(held).hasValue(true));
    assertThat(real.counts("q").active()).isZero();
    assertThat(acks.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(real.counts("broken").active()).isEqualTo(1);
  }

  @Test
  void aMarkWaitsUntilItsHandlerRanForTheMarkDelayOnTheTimeSource() {
    real.enqueue(List.of(aTask().inQueue("q").build(), aTask().inQueue("q").build()));
    List<ClaimedTask> c = real.claim("q", 2, Duration.ofMinutes(1), "w");
    delayed.started("q", c.get(0).ref());
    delayed.ack("q", new Ack(c.get(1).ref(), null, Duration.ZERO), held::set);
    delayed.start();

    // the ack's batch took the mark in and kept it: the clock has not moved
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(held).hasValue(true));
    assertThat(refusedMarks).hasValue(0);
    assertThat(delayed.flush(Duration.ZERO)).isFalse();

    clock.advance(AckBatcher.MARK_DELAY);

    await().atMost(Duration.ofSeconds(5)).until(() -> refusedMarks.get() == 1);
  }

  @Test
  void aMarkWhoseTaskIsAckedWithinTheDelayIsNeverSent() {
    real.enqueue(List.of(aTask().inQueue("q").build()));
    ClaimedTask c = real.claim("q", 1, Duration.ofMinutes(1), "w").get(0);
    delayed.started("q", c.ref());
    delayed.ack("q", new Ack(c.ref(), null, Duration.ZERO), held::set);
    delayed.start();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(held).hasValue(true));
    clock.advance(AckBatcher.MARK_DELAY);
    assertThat(delayed.flush(Duration.ofSeconds(5))).isTrue();
    assertThat(refusedMarks).hasValue(0);
  }

  @Test
  void flushGivesUpWhenItsDeadlinePassesOnTheTimeSource() throws Exception {
    AckBatcher slowMarks = new AckBatcher(refusingMarks, new BrokerHealth(), TimeSource.of(clock),
        Duration.ofHours(1));
    try {
      real.enqueue(List.of(aTask().inQueue("q").build()));
      ClaimedTask c = real.claim("q", 1, Duration.ofMinutes(1), "w").get(0);
      slowMarks.started("q", c.ref());
      slowMarks.start();

      // the mark is due in an hour: flush waits for it until its own deadline on the clock
      CompletableFuture<Boolean> flushed = CompletableFuture.supplyAsync(
          () -> slowMarks.flush(Duration.ofSeconds(5)));
      await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
          .until(() -> !flushed.isDone());
      clock.advance(Duration.ofSeconds(5));
      assertThat(flushed.get(5, TimeUnit.SECONDS)).isFalse();
      assertThat(refusedMarks).hasValue(0);
    } finally {
      slowMarks.close();
    }
  }
}
