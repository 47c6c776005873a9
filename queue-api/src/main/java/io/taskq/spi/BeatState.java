package io.taskq.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An entry's last fire and next planned fire, as the leader last recorded them.
 *
 * @param lastOccurrence the occurrence last handled (fired or skipped)
 * @param lastTaskId the id of the task last enqueued, if any
 * @param firedAt when the leader handled it (broker time)
 * @param nextOccurrence the next occurrence, if the schedule has one
 */
public record BeatState(@Nullable Instant lastOccurrence, @Nullable String lastTaskId,
    @Nullable Instant firedAt, @Nullable Instant nextOccurrence) {}
