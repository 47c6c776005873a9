package io.taskq.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.spi.ClaimedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ClaimReplyTest {
  // time, limit (5 ms to the next rate token), one dropped id, then two claimed tasks
  private static final List<Object> REPLY = List.of(1_000L, 5L, 1L, "gone",
      "a", "{\"env\":1}", 0L, 0L,
      "b", "{\"env\":2}", 2L, 1L);

  @Test
  void decodesTheClaimedTasksAfterTheDroppedIds() {
    List<ClaimedTask> tasks = ClaimReply.tasks(REPLY, "q", "p", Duration.ofSeconds(30));

    assertThat(tasks).extracting(ClaimedTask::id, ClaimedTask::envelope, ClaimedTask::token,
            ClaimedTask::crashRecoveries, ClaimedTask::revoked)
        .containsExactly(
            Tuple.tuple("a", "{\"env\":1}", "p:1", 0, false),
            Tuple.tuple("b", "{\"env\":2}", "p:2", 2, true));
    assertThat(tasks.get(1).claimedAt()).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(tasks.get(1).leaseDeadline()).isEqualTo(Instant.ofEpochMilli(31_000));
    assertThat(ClaimReply.dropped(REPLY)).containsExactly("gone");
    assertThat(ClaimReply.limit(REPLY)).isEqualTo(5);
  }
}
