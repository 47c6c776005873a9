package io.taskq.worker.internal;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.TaskqException;
import io.taskq.embedded.EmbeddedBroker;
import io.taskq.spi.Ack;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimRequest;
import io.taskq.spi.ClaimResult;
import io.taskq.spi.ClaimedTask;
import io.taskq.worker.TimeSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Claims that ride on acks ({@link Refills}): slots a fetcher offers while an ack of its queue is
 * queued are claimed in the ack's own call, and always come back to the fetcher.
 */
class AckBatcherRefillTest {
  private static final Duration LEASE = Duration.ofMinutes(1);
  private final EmbeddedBroker real = new EmbeddedBroker();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /** The embedded broker, counting calls by method; the queue "broken" refuses everything. */
  private final Broker broker = (Broker) Proxy.newProxyInstance(
      Broker.class.getClassLoader(), new Class<?>[] {Broker.class}, (p, m, args) -> {
        calls.computeIfAbsent(m.getName(), n -> new AtomicInteger()).incrementAndGet();
        if (m.getName().equals("ackAndClaim")
            && ((ClaimRequest) args[1]).queue().equals("broken")) {
          throw new TaskqException("Redis failed ack_claim: WRONGTYPE taskq key"
              + " taskq:{broken}:lease holds a string, not a hash");
        }
        try {
          return m.invoke(real, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
  private final AckBatcher acks = new AckBatcher(broker, new BrokerHealth(), TimeSource.system(),
      Duration.ZERO);
  private final List<ClaimResult> claimed = new CopyOnWriteArrayList<>();
  private final AtomicInteger givenBack = new AtomicInteger();
  /** Slots the fetcher has free (taken by a batch while the fetcher waits for the rides). */
  private final AtomicInteger free = new AtomicInteger();
  private final AtomicReference<Boolean> held = new AtomicReference<>();

  private void fetcherOf(String queue) {
    acks.refills().register(queue, new Refills.Refill() {
      @Override
      public ClaimRequest request(int slots) {
        return ClaimRequest.of(queue, slots, LEASE, "w");
      }

      @Override
      public void claimed(int slots, ClaimResult result) {
        claimed.add(result);
        givenBack.addAndGet(slots - result.tasks().size());
      }

      @Override
      public void giveBack(int slots) {
        givenBack.addAndGet(slots);
      }

      @Override
      public int takeFree(int max) {
        return free.getAndSet(0);
      }
    });
  }

  private ClaimedTask claimOneOf(String queue, int queued) {
    for (int i = 0; i < queued; i++) {
      real.enqueue(List.of(aTask().inQueue(queue).build()));
    }
    return real.claim(queue, 1, LEASE, "w").get(0);
  }

  private int calls(String method) {
    return calls.getOrDefault(method, new AtomicInteger()).get();
  }

  @AfterEach
  void close() {
    acks.close();
    real.close();
  }

  @Test
  void slotsOfferedWhileAnAckIsQueuedAreClaimedInTheAcksOwnCall() {
    fetcherOf("q");
    ClaimedTask done = claimOneOf("q", 4);
    assertThat(acks.refills().offer("q", 2)).as("no ack queued yet").isFalse();
    acks.ack("q", Ack.of(done.ref()), held::set);
    assertThat(acks.refills().offer("q", 2)).isTrue();
    acks.start();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(held).hasValue(true));
    assertThat(claimed).singleElement()
        .satisfies(r -> assertThat(r.tasks()).hasSize(2));
    assertThat(calls("ackAndClaim")).isEqualTo(1);
    assertThat(calls("ack")).isZero();
    assertThat(calls("claim")).isZero();
    assertThat(real.counts("q").active()).isEqualTo(2);
    // the batch took the ack: a later offer finds none to ride on
    assertThat(acks.refills().offer("q", 1)).isFalse();
    assertThat(givenBack).hasValue(0);
  }

  @Test
  void whileTheFetcherWaitsForTheRidesTheBatchAlsoTakesTheSlotsFreeNow() throws Exception {
    fetcherOf("q");
    ClaimedTask done = claimOneOf("q", 6);
    acks.ack("q", Ack.of(done.ref()), held::set);
    assertThat(acks.refills().offer("q", 1)).isTrue();
    free.set(3);
    CompletableFuture<Boolean> parked = new CompletableFuture<>();
    Thread fetcher = Thread.ofPlatform().start(
        () -> parked.complete(acks.refills().awaitRide("q", Duration.ofSeconds(10))));
    await().atMost(Duration.ofSeconds(5))
        .until(() -> fetcher.getState() == Thread.State.TIMED_WAITING);
    acks.start();

    // the ride settled: the fetcher stops waiting
    assertThat(parked.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(claimed).singleElement().satisfies(r -> assertThat(r.tasks()).hasSize(4));
    assertThat(free).hasValue(0);
    assertThat(real.counts("q").active()).isEqualTo(4);
  }

  @Test
  void theSlotsOfARidingClaimThatFailsGoBackToTheFetcher() {
    fetcherOf("broken");
    ClaimedTask done = claimOneOf("broken", 2);
    acks.ack("broken", Ack.of(done.ref()), held::set);
    assertThat(acks.refills().offer("broken", 3)).isTrue();
    acks.start();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(givenBack).hasValue(3));
    assertThat(claimed).isEmpty();
    assertThat(acks.flush(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void closingAQueueGivesBackTheSlotsNotYetTakenAndTakesNoMoreOffers() {
    fetcherOf("q");
    ClaimedTask done = claimOneOf("q", 2);
    acks.ack("q", Ack.of(done.ref()), held::set);
    assertThat(acks.refills().offer("q", 2)).isTrue();

    acks.refills().close("q", Duration.ofSeconds(5));

    assertThat(givenBack).hasValue(2);
    assertThat(acks.refills().offer("q", 1)).isFalse();
    acks.start();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(held).hasValue(true));
    assertThat(calls("ack")).isEqualTo(1);
    assertThat(calls("ackAndClaim")).isZero();
    assertThat(claimed).isEmpty();
  }
}
