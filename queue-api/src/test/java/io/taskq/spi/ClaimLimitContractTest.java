package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.DeadLetterPolicy;
import io.taskq.RateLimit;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract of a queue's claim limits: the rate limit's token bucket on the broker's clock and
 * the {@code maxActive} cap, held atomically by {@link Broker#claim(ClaimRequest)}, and the
 * wake-ups of workers they held back. A broker module extends this class and supplies
 * {@link #newBroker(ManualClock)}.
 */
public abstract class ClaimLimitContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);
  /** 10 per second: a token every 100 ms. */
  private static final RateLimit TEN_PER_SECOND = RateLimit.parse("10/s");

  private void enqueue(int n) {
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(aTask().inQueue(q).build());
    }
    broker.enqueue(tasks);
  }

  private ClaimResult claim(int max, @Nullable RateLimit rate, int maxActive) {
    return broker.claim(new ClaimRequest(q, max, LEASE, "w1", rate, maxActive));
  }

  private ClaimResult claimAtRate(int max, RateLimit rate) {
    return claim(max, rate, 0);
  }

  private ClaimResult claimCapped(int max, int maxActive) {
    return claim(max, null, maxActive);
  }

  @Test
  void aFullBucketGrantsTheBurstThenOneTaskPerTokenOnTheBrokersClock() {
    RateLimit rate = TEN_PER_SECOND.withBurst(3);
    enqueue(10);

    ClaimResult burst = claimAtRate(10, rate);
    assertThat(burst.tasks()).hasSize(3);
    assertThat(burst.limited()).isTrue();
    assertThat(claimAtRate(10, rate).tasks()).isEmpty();

    clock.advance(Duration.ofMillis(100));
    assertThat(claimAtRate(10, rate).tasks()).hasSize(1);
    clock.advance(Duration.ofMillis(250)); // 2.5 tokens: two tasks, half a token kept
    assertThat(claimAtRate(10, rate).tasks()).hasSize(2);
    clock.advance(Duration.ofMillis(50));
    assertThat(claimAtRate(10, rate).tasks()).hasSize(1);
    // an idle spell refills the bucket up to the burst, not beyond
    clock.advance(Duration.ofHours(1));
    assertThat(claimAtRate(10, rate).tasks()).hasSize(3);
    assertThat(broker.counts(q).active()).isEqualTo(10);
  }

  @Test
  void aRefusedClaimReportsTheTimeUntilTheNextToken() {
    RateLimit rate = RateLimit.parse("2/s").withBurst(1); // a token every 500 ms
    enqueue(3);
    assertThat(claimAtRate(5, rate).tasks()).hasSize(1);

    ClaimResult refused = claimAtRate(5, rate);
    assertThat(refused.tasks()).isEmpty();
    assertThat(refused.limited()).isTrue();
    assertThat(refused.nextToken()).isEqualTo(Duration.ofMillis(500));

    clock.advance(Duration.ofMillis(200));
    assertThat(claimAtRate(5, rate).nextToken()).isEqualTo(Duration.ofMillis(300));
    clock.advance(Duration.ofMillis(300));
    ClaimResult next = claimAtRate(5, rate);
    assertThat(next.tasks()).hasSize(1);
    assertThat(next.nextToken()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void ratesPerMinuteAndPerHourRefillOverTheirPeriod() {
    RateLimit perMinute = RateLimit.parse("30/m").withBurst(1); // a token every 2 s
    enqueue(3);
    assertThat(claimAtRate(5, perMinute).tasks()).hasSize(1);
    clock.advance(Duration.ofMillis(1999));
    assertThat(claimAtRate(5, perMinute).nextToken()).isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(claimAtRate(5, perMinute).tasks()).hasSize(1);

    RateLimit perHour = RateLimit.parse("4/h").withBurst(1);
    clock.advance(Duration.ofMinutes(15));
    assertThat(claimAtRate(5, perHour).tasks()).hasSize(1);
  }

  @Test
  void onlyClaimedTasksSpendTokens() {
    RateLimit rate = TEN_PER_SECOND.withBurst(5);
    enqueue(2);
    ClaimResult all = claimAtRate(10, rate);
    assertThat(all.tasks()).hasSize(2);
    assertThat(all.limited()).as("the queue ran dry before the limit held the claim").isFalse();
    // an empty queue is not a limit, even with no token left
    assertThat(claimAtRate(10, rate).limited()).isFalse();

    enqueue(5);
    ClaimResult rest = claimAtRate(10, rate);
    assertThat(rest.tasks()).hasSize(3);
    assertThat(rest.limited()).isTrue();
  }

  @Test
  void aClaimWithoutLimitsIgnoresTheBucketAndTheCap() {
    enqueue(4);
    assertThat(claimAtRate(10, TEN_PER_SECOND.withBurst(1)).tasks()).hasSize(1);
    assertThat(claimCapped(10, 1).tasks()).isEmpty();

    ClaimResult free = claim(10, null, 0);
    assertThat(free.tasks()).hasSize(3);
    assertThat(free.limited()).isFalse();
  }

  @Test
  void maxActiveCountsReservedTasksAcrossWorkers() {
    enqueue(5);
    ClaimedTask reserved = claimCapped(1, 2).tasks().get(0); // claimed, its handler not started
    ClaimResult second = broker.claim(new ClaimRequest(q, 5, LEASE, "w2", null, 2));
    assertThat(second.tasks()).hasSize(1);
    assertThat(second.limited()).isTrue();

    ClaimResult refused = claimCapped(5, 2);
    assertThat(refused.tasks()).isEmpty();
    assertThat(refused.limited()).isTrue();
    assertThat(refused.nextToken()).as("no token to wait for: a freed slot signals").isNull();

    broker.markStarted(q, List.of(reserved.ref()));
    assertThat(claimCapped(5, 2).tasks()).isEmpty();
    assertThat(broker.ack(q, List.of(Ack.of(reserved.ref())))).isEmpty();
    assertThat(claimCapped(5, 2).tasks()).hasSize(1);
    assertThat(broker.counts(q).active()).isEqualTo(2);
  }

  @Test
  void theTighterOfRateAndCapBinds() {
    enqueue(6);
    ClaimResult capped = claim(6, TEN_PER_SECOND.withBurst(5), 2);
    assertThat(capped.tasks()).hasSize(2);
    assertThat(capped.nextToken()).as("held back by maxActive").isNull();

    ClaimResult rated = claim(6, TEN_PER_SECOND.withBurst(5), 10);
    assertThat(rated.tasks()).hasSize(3); // the 3 tokens left
    assertThat(rated.limited()).isTrue();
    assertThat(rated.nextToken()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aPausedQueueIsNotALimit() {
    enqueue(2);
    broker.setPaused(q, true);
    ClaimResult paused = claimAtRate(5, TEN_PER_SECOND);
    assertThat(paused.tasks()).isEmpty();
    assertThat(paused.limited()).isFalse();
  }

  @Test
  void aWorkerHeldBackByTheRateWaitsWithoutBeingWokenByTheWorkLeft() {
    enqueue(3);
    assertThat(claimAtRate(5, TEN_PER_SECOND.withBurst(1)).tasks()).hasSize(1);
    ClaimResult refused = claimAtRate(5, TEN_PER_SECOND.withBurst(1));
    assertThat(refused.limited()).isTrue();
    broker.awaitWork(q, Duration.ofMillis(1)); // settle the signal of the enqueue

    // the tasks left are pending, yet the wait lasts until its timeout: no busy loop
    long start = System.nanoTime();
    assertThat(broker.awaitWork(q, Duration.ofMillis(300))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
  }

  @Test
  void anAckFreeingASlotWakesAWorkerHeldBackByMaxActive() throws Exception {
    assertFreedSlotWakesAWaiter(c -> broker.ack(q, List.of(Ack.of(c.ref()))));
  }

  @Test
  void aDeadLetterFreeingASlotWakesAWorkerHeldBackByMaxActive() throws Exception {
    assertFreedSlotWakesAWaiter(c -> broker.deadLetter(q, c.ref(), c.envelope(),
        DeadLetterPolicy.DEFAULT));
  }

  @Test
  void aRetryFreeingASlotWakesAWorkerHeldBackByMaxActive() throws Exception {
    assertFreedSlotWakesAWaiter(c -> broker.retry(q, c.ref(), c.envelope(), Duration.ofHours(1)));
  }

  @Test
  void aRequeueFreeingASlotWakesAWorkerHeldBackByMaxActive() throws Exception {
    assertFreedSlotWakesAWaiter(c -> broker.requeue(q, c.ref()));
  }

  @Test
  void aCrashRecoveryFreeingASlotWakesAWorkerHeldBackByMaxActive() throws Exception {
    assertFreedSlotWakesAWaiter(c -> {
      clock.advance(LEASE.plusSeconds(1));
      broker.reap(q, new ReapRequest(10, 3, DeadLetterPolicy.DEFAULT, Duration.ZERO));
    });
  }

  @Test
  void aPoisonTaskDeadLetteredByTheReaperFreesASlotAndWakesAWorker() throws Exception {
    assertFreedSlotWakesAWaiter(c -> {
      clock.advance(LEASE.plusSeconds(1));
      assertThat(broker.reap(q, new ReapRequest(10, 0, DeadLetterPolicy.DEFAULT, Duration.ZERO))
          .deadLettered()).containsExactly(c.id());
    });
  }

  /** One slot of maxActive 1 held, a second worker refused and waiting: freeing wakes it. */
  private void assertFreedSlotWakesAWaiter(Consumer<ClaimedTask> free) throws Exception {
    enqueue(2);
    ClaimedTask held = claimCapped(5, 1).tasks().get(0);
    ClaimResult refused = claimCapped(5, 1);
    assertThat(refused.tasks()).isEmpty();
    assertThat(refused.limited()).isTrue();
    broker.awaitWork(q, Duration.ofMillis(1)); // settle the signal of the enqueue

    CompletableFuture<Boolean> woken =
        CompletableFuture.supplyAsync(() -> broker.awaitWork(q, Duration.ofSeconds(10)));
    // the pending task is held back: the waiter stays blocked (this window lets it reach the wait)
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
        .until(() -> !woken.isDone());
    long start = System.nanoTime();
    free.accept(held);
    assertThat(woken.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(claimCapped(5, 1).tasks()).hasSize(1);
  }
}
