package io.taskq.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of every broker's {@link EventStream}. A broker module extends this class and
 * supplies {@link #newBroker(ManualClock)} with an empty stream.
 */
public abstract class EventStreamContractTest extends BrokerContractBase {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");

  private static TaskEvent event(TaskEvent.Type type, String id, int attempt) {
    return new TaskEvent(type, "email", "send.welcome", id, attempt, "w-1", "host-a",
        T0.plusMillis(attempt), null, null);
  }

  private void append(TaskEvent e, long maxLen) {
    broker.events().append(List.of(e), maxLen).toCompletableFuture().join();
  }

  @Test
  void readsAppendedEventsBackInOrderWithEveryField() {
    TaskEvent sent = new TaskEvent(TaskEvent.Type.SENT, "email", "send.welcome", "id-1", 0, null,
        "host-a", T0, null, null);
    TaskEvent failed = new TaskEvent(TaskEvent.Type.FAILED, "email", "send.welcome", "id-1", 1,
        "w-1", "host-b", T0.plusSeconds(1), "java.io.IOException", "connection reset");
    append(sent, 100);
    append(failed, 100);

    EventPage page = broker.events().read(null, 10);

    assertThat(page.events()).hasSize(2);
    assertThat(page.events().get(0)).isEqualTo(sent);
    assertThat(page.events().get(0).time()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123Z"));
    assertThat(page.events().get(1)).isEqualTo(failed);
    assertThat(page.cursor()).isNotNull();
  }

  @Test
  void readContinuesAfterItsCursorMissingAndRepeatingNothing() {
    for (int i = 1; i <= 25; i++) {
      append(event(TaskEvent.Type.STARTED, "id-" + i, 1), 1000);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    for (int round = 0; round < 10; round++) {
      EventPage page = broker.events().read(cursor, 10);
      page.events().forEach(e -> seen.add(e.taskId()));
      cursor = page.cursor();
    }
    assertThat(seen).hasSize(25).doesNotHaveDuplicates().startsWith("id-1").endsWith("id-25");

    append(event(TaskEvent.Type.SUCCEEDED, "id-26", 1), 1000);
    assertThat(broker.events().read(cursor, 10).events()).extracting(TaskEvent::taskId)
        .containsExactly("id-26");
  }

  @Test
  void latestGivesTheNewestOldestFirstAndTheCursorToFollowFrom() {
    for (int i = 1; i <= 5; i++) {
      append(event(TaskEvent.Type.SENT, "id-" + i, 0), 1000);
    }
    EventPage latest = broker.events().latest(2);
    assertThat(latest.events()).extracting(TaskEvent::taskId).containsExactly("id-4", "id-5");

    append(event(TaskEvent.Type.SENT, "id-6", 0), 1000);
    assertThat(broker.events().read(latest.cursor(), 10).events()).extracting(TaskEvent::taskId)
        .containsExactly("id-6");
    EventPage cursorOnly = broker.events().latest(0);
    assertThat(cursorOnly.events()).isEmpty();
    assertThat(broker.events().read(cursorOnly.cursor(), 10).events()).isEmpty();
  }

  @Test
  void aWaitingReadReturnsTheFirstEventAppendedWhileItWaits() throws Exception {
    append(event(TaskEvent.Type.SENT, "id-1", 0), 1000);
    String cursor = broker.events().latest(0).cursor();
    CompletableFuture<EventPage> waiting = CompletableFuture.supplyAsync(
        () -> broker.events().read(cursor, 10, Duration.ofSeconds(20)));
    Thread.sleep(200); // let the read start waiting (a later start returns the event at once)
    long appended = System.nanoTime();
    append(event(TaskEvent.Type.STARTED, "id-2", 1), 1000);

    EventPage page = waiting.get(20, TimeUnit.SECONDS);

    assertThat(page.events()).extracting(TaskEvent::taskId).containsExactly("id-2");
    assertThat(Duration.ofNanos(System.nanoTime() - appended)).isLessThan(Duration.ofSeconds(10));
    assertThat(broker.events().read(page.cursor(), 10, Duration.ZERO).events()).isEmpty();
  }

  @Test
  void aWaitingReadWithNothingNewReturnsEmptyAfterItsWait() {
    append(event(TaskEvent.Type.SENT, "id-1", 0), 1000);
    String cursor = broker.events().latest(0).cursor();
    long start = System.nanoTime();

    EventPage page = broker.events().read(cursor, 10, Duration.ofMillis(300));

    assertThat(page.events()).isEmpty();
    assertThat(page.cursor()).isEqualTo(cursor);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(250));
  }

  @Test
  void anEmptyStreamReadsEmpty() {
    assertThat(broker.events().latest(10).events()).isEmpty();
    assertThat(broker.events().latest(10).cursor()).isNull();
    assertThat(broker.events().read(null, 10).events()).isEmpty();
  }

  @Test
  void trimsTheOldestEventsAroundTheCap() {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int b = 0; b < 30; b++) {
      List<TaskEvent> batch = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        batch.add(event(TaskEvent.Type.SENT, "id-" + (b * 100 + i), 0));
      }
      sent.add(broker.events().append(batch, 100).toCompletableFuture());
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

    List<TaskEvent> kept = broker.events().latest(1000).events();
    // approximate trimming (Redis MAXLEN ~) keeps at least the cap, and far less than everything
    assertThat(kept.size()).isBetween(100, 400);
    assertThat(kept.getLast().taskId()).isEqualTo("id-3000");
    assertThat(broker.events().read(null, 1).events().getFirst().taskId()).isNotEqualTo("id-1");
  }

  @Test
  void cutsLongErrorMessages() {
    TaskEvent e = new TaskEvent(TaskEvent.Type.DEAD, "email", "t", "id-1", 3, "w", "h", T0,
        "Boom", "x".repeat(5000));
    append(e, 10);
    String message = broker.events().read(null, 1).events().getFirst().errorMessage();
    assertThat(message).hasSize(TaskEvent.MAX_MESSAGE).endsWith("…");
  }

  @Test
  void refusesALimitOutOfRange() {
    assertThatThrownBy(() -> broker.events().read(null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> broker.events().latest(1001))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
