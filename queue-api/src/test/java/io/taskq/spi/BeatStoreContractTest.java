package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of every broker's {@link BeatStore}: leader lease, firing guard, states. */
public abstract class BeatStoreContractTest {
  private static final String Q = "beat-q";

  protected ManualClock clock;
  protected Broker broker;
  private BeatStore beat;

  /** A broker with no data at all (the leader key is global), following {@code clock}. */
  protected abstract Broker newBroker(ManualClock clock);

  @BeforeEach
  void setUp() {
    clock = new ManualClock();
    broker = newBroker(clock);
    beat = broker.beat();
  }

  @AfterEach
  void tearDown() {
    broker.close();
  }

  private BeatFiring firing(String entry, Instant occurrence, boolean skipIfLive) {
    String id = BeatFiring.taskId(entry, occurrence);
    return new BeatFiring(entry, occurrence, aTask().inQueue(Q).withId(id).build(), skipIfLive);
  }

  private static Instant at(int second) {
    return Instant.parse("2026-11-01T00:00:00Z").plusSeconds(second);
  }

  @Test
  void firesEachOccurrenceOnceAndNeverAnEarlierOne() {
    assertThat(beat.fire(firing("e", at(10), false))).isEqualTo(BeatFireResult.FIRED);
    assertThat(beat.fire(firing("e", at(10), false))).isEqualTo(BeatFireResult.ALREADY_FIRED);
    assertThat(beat.fire(firing("e", at(5), false))).isEqualTo(BeatFireResult.ALREADY_FIRED);
    assertThat(beat.fire(firing("e", at(11), false))).isEqualTo(BeatFireResult.FIRED);
    assertThat(beat.fire(firing("other", at(10), false))).isEqualTo(BeatFireResult.FIRED);

    assertThat(broker.counts(Q).pending()).isEqualTo(3);
    assertThat(broker.find(Q, "beat:e:" + at(10).toEpochMilli())).isPresent();
  }

  @Test
  void anOccurrenceStaysFiredAfterItsTaskWasAcked() {
    beat.fire(firing("e", at(10), false));
    ClaimedTask c = broker.claim(Q, 1, Duration.ofSeconds(30), "w").get(0);
    broker.ack(Q, List.of(Ack.of(c.ref())));

    assertThat(beat.fire(firing("e", at(10), false))).isEqualTo(BeatFireResult.ALREADY_FIRED);
    assertThat(broker.counts(Q).pending()).isZero();
  }

  @Test
  void overlapSkipSkipsWhileThePreviousTaskIsLive() {
    assertThat(beat.fire(firing("e", at(10), true))).isEqualTo(BeatFireResult.FIRED);
    assertThat(beat.fire(firing("e", at(11), true))).isEqualTo(BeatFireResult.SKIPPED_OVERLAP);
    assertThat(beat.fire(firing("e", at(11), true))).isEqualTo(BeatFireResult.ALREADY_FIRED);
    ClaimedTask c = broker.claim(Q, 1, Duration.ofSeconds(30), "w").get(0);
    assertThat(beat.fire(firing("e", at(12), true))).isEqualTo(BeatFireResult.SKIPPED_OVERLAP);
    broker.ack(Q, List.of(Ack.of(c.ref())));

    assertThat(beat.fire(firing("e", at(13), true))).isEqualTo(BeatFireResult.FIRED);
    assertThat(broker.counts(Q).pending()).isEqualTo(1);
  }

  @Test
  void overlapAllowFiresWhileThePreviousTaskIsLive() {
    beat.fire(firing("e", at(10), false));

    assertThat(beat.fire(firing("e", at(11), false))).isEqualTo(BeatFireResult.FIRED);
    assertThat(broker.counts(Q).pending()).isEqualTo(2);
  }

  @Test
  void oneHolderHasTheLeaderLeaseUntilItExpiresOrIsReleased() {
    Duration lease = Duration.ofMillis(300);
    assertThat(beat.lead("a", lease)).isTrue();
    assertThat(beat.lead("b", lease)).isFalse();
    assertThat(beat.lead("a", lease)).isTrue();
    assertThat(beat.leader()).contains("a");

    clock.advance(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> beat.lead("b", Duration.ofSeconds(30)));
    assertThat(beat.leader()).contains("b");
    beat.resign("a");
    assertThat(beat.leader()).contains("b");
    beat.resign("b");
    assertThat(beat.leader()).isEmpty();
    assertThat(beat.lead("c", lease)).isTrue();
  }

  @Test
  void statesAreKeptPerEntry() {
    BeatState s = new BeatState(at(10), "beat:e:1", at(11), at(20), "every PT10S UTC");
    beat.saveState("e", s);
    beat.saveState("f", new BeatState(null, null, null, at(30), null));

    assertThat(beat.states()).isEqualTo(Map.of("e", s,
        "f", new BeatState(null, null, null, at(30), null)));
  }
}
