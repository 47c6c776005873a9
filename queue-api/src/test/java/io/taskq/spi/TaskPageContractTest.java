package io.taskq.spi;

import static io.taskq.spi.TestTasks.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.DeadFilter;
import io.taskq.DeadLetterPolicy;
import io.taskq.Inspector;
import io.taskq.TaskAttempt;
import io.taskq.TaskError;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The page read every {@link Broker} meets ({@link QueueAdmin#page}): every state, each task as
 * {@link Broker#find} returns it, paging boundaries, the task-name and since filters, tasks that
 * change state between pages, and priorities. A broker module extends this class.
 */
public abstract class TaskPageContractTest extends BrokerContractBase {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofHours(1);

  private String enqueue(String task, int priority, @Nullable Duration countdown) {
    NewTask t = aTask().inQueue(q).named(task).build();
    broker.enqueue(List.of(new NewTask(q, t.id(), t.envelope(), countdown, null, priority, null,
        null)));
    return t.id();
  }

  private String enqueue() {
    return enqueue("test.noop", 0, null);
  }

  private List<String> enqueue(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(enqueue());
    }
    return ids;
  }

  /** Claims the next pending task and dead-letters it at the clock's time; returns its id. */
  private String kill(TaskError error) {
    ClaimedTask c = broker.claim(q, 1, LEASE, "w1").get(0);
    String env = TestTasks.CODEC.encode(TestTasks.CODEC.decode(c.envelope()).withAttempt(
        new TaskAttempt(1, "w1", clock.instant(), clock.instant(), "dead", error), false));
    assertThat(broker.deadLetter(q, c.ref(), env, DeadLetterPolicy.DEFAULT, new TaskRecord(
        TaskState.DEAD, "test.noop", null, null, clock.instant(), 1, "w1", error), TTL)).isTrue();
    return c.id();
  }

  private TaskPage page(TaskState state, @Nullable String after, int limit) {
    return broker.admin().page(q, state, new PageRequest(after, limit, null, null));
  }

  /** Every task of the state, read in pages of {@code limit}. */
  private List<String> all(TaskState state, int limit) {
    List<String> out = new ArrayList<>();
    String after = null;
    do {
      TaskPage p = page(state, after, limit);
      p.tasks().forEach(t -> out.add(t.id()));
      after = p.next();
    } while (after != null);
    return out;
  }

  private void assertSameAsFind(TaskPage p) {
    assertThat(p.tasks()).allSatisfy(t ->
        assertThat(broker.find(q, t.id())).as(t.id()).contains(t));
  }

  @Test
  void everyLiveStateIsReadInOneCallWithWhatFindReturns() {
    String scheduled = enqueue("test.noop", 0, Duration.ofMinutes(5));
    List<String> ids = enqueue(6);
    List<ClaimedTask> claimed = broker.claim(q, 3, LEASE, "w1");
    broker.markStarted(q, List.of(claimed.get(0).ref()));
    clock.advance(Duration.ofSeconds(1));
    String retry = claimed.get(2).id();
    assertThat(broker.retry(q, claimed.get(2).ref(), claimed.get(2).envelope(),
        Duration.ofMinutes(1))).isTrue();
    String dead = kill(TaskError.reason("Boom", "it broke"));

    TaskPage pending = page(TaskState.PENDING, null, 10);
    assertThat(pending.tasks()).extracting(StoredTask::id).containsExactlyElementsOf(
        ids.subList(4, 6));
    assertThat(pending.next()).isNull();
    assertSameAsFind(pending);

    TaskPage active = page(TaskState.ACTIVE, null, 10);
    assertThat(active.tasks()).extracting(StoredTask::id)
        .containsExactly(claimed.get(0).id(), claimed.get(1).id());
    assertThat(active.tasks().get(0).lease().startedAt()).isNotNull();
    assertThat(active.tasks().get(1).lease().startedAt()).isNull();
    assertThat(active.tasks().get(0).score()).isEqualTo(ManualClock.START.plus(LEASE));
    assertSameAsFind(active);

    assertThat(page(TaskState.SCHEDULED, null, 10).tasks()).singleElement()
        .satisfies(t -> assertThat(t.id()).isEqualTo(scheduled))
        .satisfies(t -> assertThat(t.score()).isEqualTo(ManualClock.START.plusSeconds(300)));
    assertThat(page(TaskState.RETRY, null, 10).tasks()).extracting(StoredTask::id)
        .containsExactly(retry);
    assertSameAsFind(page(TaskState.SCHEDULED, null, 10));
    assertSameAsFind(page(TaskState.RETRY, null, 10));

    TaskPage dlq = page(TaskState.DEAD, null, 10);
    assertThat(dlq.tasks()).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(dead);
      assertThat(t.envelope()).isNotNull();
      assertThat(t.record()).isNotNull();
      assertThat(t.record().error().type()).isEqualTo("Boom");
    });
    assertSameAsFind(dlq);
  }

  @Test
  void finalStatesArePagedFromTheirRecordsUntilTheyExpire() {
    enqueue(4);
    List<ClaimedTask> c = broker.claim(q, 4, LEASE, "w1");
    assertThat(broker.ack(q, List.of(new Ack(c.get(0).ref(), "{\"n\":1}", TTL,
        record(TaskState.SUCCEEDED)), new Ack(c.get(1).ref(), null, TTL,
        record(TaskState.SUCCEEDED))))).isEmpty();
    assertThat(broker.finish(q, c.get(2).ref(), record(TaskState.EXPIRED), TTL)).isTrue();
    assertThat(broker.finish(q, c.get(3).ref(), record(TaskState.REVOKED), TTL)).isTrue();

    TaskPage ok = page(TaskState.SUCCEEDED, null, 10);
    assertThat(ok.tasks()).extracting(StoredTask::id)
        .containsExactlyInAnyOrder(c.get(0).id(), c.get(1).id());
    assertThat(ok.tasks()).filteredOn(t -> t.id().equals(c.get(0).id())).singleElement()
        .satisfies(t -> assertThat(t.result()).isEqualTo("{\"n\":1}"));
    assertSameAsFind(ok);
    assertThat(page(TaskState.EXPIRED, null, 10).tasks()).extracting(StoredTask::id)
        .containsExactly(c.get(2).id());
    assertThat(page(TaskState.REVOKED, null, 10).tasks()).extracting(StoredTask::id)
        .containsExactly(c.get(3).id());
    assertSameAsFind(page(TaskState.REVOKED, null, 10));
    assertThat(all(TaskState.SUCCEEDED, 1)).hasSize(2);

    clock.advance(TTL.plusSeconds(1));
    assertThat(page(TaskState.SUCCEEDED, null, 10).tasks()).isEmpty();
    assertThat(page(TaskState.REVOKED, null, 10).tasks()).isEmpty();
  }

  private TaskRecord record(TaskState state) {
    return new TaskRecord(state, "test.noop", ManualClock.START, clock.instant(), clock.instant(),
        1, "w1");
  }

  @Test
  void pagesMeetAtTheirBoundariesAndTheLastOneHasNoCursor() {
    List<String> ids = enqueue(5);
    TaskPage first = page(TaskState.PENDING, null, 2);
    assertThat(first.tasks()).extracting(StoredTask::id).containsExactlyElementsOf(
        ids.subList(0, 2));
    assertThat(first.next()).isNotNull();
    TaskPage second = page(TaskState.PENDING, first.next(), 2);
    assertThat(second.tasks()).extracting(StoredTask::id).containsExactlyElementsOf(
        ids.subList(2, 4));
    TaskPage last = page(TaskState.PENDING, second.next(), 2);
    assertThat(last.tasks()).extracting(StoredTask::id).containsExactly(ids.get(4));
    assertThat(last.next()).isNull();
    // a page that ends exactly at the end: the next one is empty and ends the listing
    TaskPage exact = page(TaskState.PENDING, null, 5);
    assertThat(exact.tasks()).hasSize(5);
    if (exact.next() != null) {
      TaskPage after = page(TaskState.PENDING, exact.next(), 5);
      assertThat(after.tasks()).isEmpty();
      assertThat(after.next()).isNull();
    }
    assertThat(all(TaskState.PENDING, 1)).containsExactlyElementsOf(ids);
    assertThat(page(TaskState.SCHEDULED, null, 1000).tasks()).isEmpty();
    assertThat(page(TaskState.SCHEDULED, null, 1000).next()).isNull();

    for (int i = 0; i < 5; i++) {
      kill(TaskError.reason("Boom", "x"));
      clock.advance(Duration.ofMillis(1));
    }
    assertThat(all(TaskState.DEAD, 2)).containsExactlyElementsOf(ids);
    assertThat(all(TaskState.DEAD, 1)).containsExactlyElementsOf(ids);
    assertThatThrownBy(() -> new PageRequest(null, 0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PageRequest(null, Broker.MAX_BATCH + 1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> page(TaskState.DEAD, "no cursor", 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deadTasksWithEqualDeathTimesArePagedByIdWithoutRepeatsOrGaps() {
    List<String> ids = enqueue(6);
    for (int i = 0; i < 6; i++) {
      kill(TaskError.reason("Boom", "x")); // all at one instant
    }
    List<String> paged = all(TaskState.DEAD, 4);
    assertThat(paged).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
    TaskPage first = page(TaskState.DEAD, null, 2);
    // the last entry read leaves: the next page starts right after where it was
    broker.admin().deleteDead(q, List.of(first.tasks().get(1).id()));
    TaskPage next = page(TaskState.DEAD, first.next(), 2);
    assertThat(next.tasks()).extracting(StoredTask::id).containsExactlyElementsOf(
        paged.subList(2, 4));
  }

  @Test
  void aTaskChangingStateBetweenPagesNeitherRepeatsNorHidesTheOthers() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(enqueue("test.noop", 0, Duration.ofMinutes(10 + i)));
    }
    TaskPage first = page(TaskState.SCHEDULED, null, 2);
    assertThat(first.tasks()).extracting(StoredTask::id).containsExactlyElementsOf(
        ids.subList(0, 2));
    // the first two become due and leave for pending; a new task lands at the end
    clock.advance(Duration.ofMinutes(11));
    assertThat(broker.forwardDue(q, 100)).isEqualTo(2);
    String late = enqueue("test.noop", 0, Duration.ofHours(1));
    List<String> rest = new ArrayList<>();
    String after = first.next();
    while (after != null) {
      TaskPage p = page(TaskState.SCHEDULED, after, 2);
      p.tasks().forEach(t -> rest.add(t.id()));
      after = p.next();
    }
    assertThat(rest).containsExactly(ids.get(2), ids.get(3), ids.get(4), ids.get(5), late);

    // a dead task replayed between pages is not listed twice
    enqueue(4);
    List<String> dead = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      dead.add(kill(TaskError.reason("Boom", "x")));
      clock.advance(Duration.ofMillis(1));
    }
    TaskPage d1 = page(TaskState.DEAD, null, 2);
    assertThat(broker.admin().replay(q, dead.get(2), TestTasks.CODEC.encode(
        aTask().inQueue(q).withId(dead.get(2)).envelope()))).isTrue();
    TaskPage d2 = page(TaskState.DEAD, d1.next(), 2);
    assertThat(d1.tasks()).extracting(StoredTask::id).containsExactlyElementsOf(
        dead.subList(0, 2));
    assertThat(d2.tasks()).extracting(StoredTask::id).containsExactly(dead.get(3));
  }

  @Test
  void pendingPagesFollowClaimOrderAcrossPriorities() {
    String a = enqueue("test.noop", 0, null);
    String b = enqueue("test.noop", 5, null);
    String c = enqueue("test.noop", 0, null);
    String d = enqueue("test.noop", 9, null);
    String e = enqueue("test.noop", 5, null);
    String f = enqueue("test.noop", 1, null);
    List<String> order = List.of(d, b, e, f, a, c);
    assertThat(all(TaskState.PENDING, 1)).containsExactlyElementsOf(order);
    assertThat(all(TaskState.PENDING, 4)).containsExactlyElementsOf(order);
    assertThat(all(TaskState.PENDING, 1000)).containsExactlyElementsOf(order);
    assertSameAsFind(page(TaskState.PENDING, null, 10));

    // claims between pages take the head: the next page resumes after the last id read
    TaskPage first = page(TaskState.PENDING, null, 3);
    assertThat(first.tasks()).extracting(StoredTask::id).containsExactly(d, b, e);
    assertThat(broker.claim(q, 2, LEASE, "w1")).extracting(ClaimedTask::id).containsExactly(d, b);
    assertThat(page(TaskState.PENDING, first.next(), 3).tasks()).extracting(StoredTask::id)
        .containsExactly(f, a, c);
  }

  @Test
  void theTaskNameErrorClassAndSinceFiltersAndSkipLeaveOutOtherTasks() {
    enqueue("test.a", 0, null);
    enqueue("test.b", 0, null);
    enqueue("test.a", 0, null);
    enqueue("test.b", 0, null);
    List<String> dead = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      dead.add(kill(TaskError.reason(i < 2 ? "java.io.IOException" : "Boom", "x")));
      clock.advance(Duration.ofMinutes(1));
    }
    TaskPage a = broker.admin().page(q, TaskState.DEAD, new PageRequest(null, 10, "test.a", null));
    assertThat(a.tasks()).extracting(StoredTask::id).containsExactly(dead.get(0), dead.get(2));
    TaskPage since = broker.admin().page(q, TaskState.DEAD,
        new PageRequest(null, 10, null, ManualClock.START.plusSeconds(60)));
    assertThat(since.tasks()).extracting(StoredTask::id).containsExactlyElementsOf(
        dead.subList(1, 4));
    TaskPage ioPage = broker.admin().page(q, TaskState.DEAD,
        new PageRequest(null, 10, 0, null, "IOException", null));
    assertThat(ioPage.tasks()).extracting(StoredTask::id).containsExactly(dead.get(0), dead.get(1));
    assertThat(broker.admin().page(q, TaskState.DEAD,
        new PageRequest(null, 10, 0, null, "java.io.IOException", null)).tasks()).hasSize(2);
    // skip: an offset into the state, after the least score
    assertThat(broker.admin().page(q, TaskState.DEAD, new PageRequest(null, 2, 1, null, null,
        ManualClock.START.plusSeconds(60))).tasks()).extracting(StoredTask::id)
        .containsExactly(dead.get(2), dead.get(3));
    TaskPage skipped = broker.admin().page(q, TaskState.DEAD,
        new PageRequest(null, 2, 3, null, null, null));
    assertThat(skipped.tasks()).extracting(StoredTask::id).containsExactly(dead.get(3));
    assertThat(skipped.next()).isNull();
    assertThat(broker.admin().page(q, TaskState.DEAD, new PageRequest(null, 2, 9, null, null,
        null)).tasks()).isEmpty();
    // pages of one entry: filtered entries still count as read, the cursor moves past them
    List<String> paged = new ArrayList<>();
    PageRequest r = new PageRequest(null, 1, "test.b", ManualClock.START.plusSeconds(60));
    while (true) {
      TaskPage p = broker.admin().page(q, TaskState.DEAD, r);
      p.tasks().forEach(t -> paged.add(t.id()));
      if (p.next() == null) {
        break;
      }
      r = r.after(p.next());
    }
    assertThat(paged).containsExactly(dead.get(1), dead.get(3));

    enqueue("test.a", 0, null);
    enqueue("test.b", 0, null);
    assertThat(broker.admin().page(q, TaskState.PENDING, new PageRequest(null, 10, "test.b",
        null)).tasks()).extracting(StoredTask::id).hasSize(1);
    assertThat(broker.admin().page(q, TaskState.PENDING, new PageRequest(null, 10, 1, null, null,
        null)).tasks()).hasSize(1);

    // through the inspector: offsets count matching tasks, the error class is matched too
    Inspector inspector = Inspector.create(broker, TaskqConfig.DEFAULT);
    DeadFilter io = new DeadFilter(Set.of(), null, "IOException", null);
    assertThat(inspector.dead(q, io, 0, 10)).extracting(TaskInfo::id)
        .containsExactly(dead.get(0), dead.get(1));
    assertThat(inspector.dead(q, new DeadFilter(Set.of(), null, "OException", null), 0, 10))
        .isEmpty();
    assertThat(inspector.dead(q, io, 1, 10)).extracting(TaskInfo::id)
        .containsExactly(dead.get(1));
    assertThat(inspector.dead(q, DeadFilter.ALL, 1, 2)).extracting(TaskInfo::id)
        .containsExactly(dead.get(1), dead.get(2));
    assertThat(inspector.dead(q, new DeadFilter(Set.of(), "test.b", "Boom", null), 0, 10))
        .extracting(TaskInfo::id).containsExactly(dead.get(3));
    assertThat(inspector.tasks(q, TaskState.DEAD, 3)).extracting(TaskInfo::id)
        .containsExactlyElementsOf(dead.subList(0, 3));
  }
}
