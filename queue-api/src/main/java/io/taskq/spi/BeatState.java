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
 * @param schedule how the entry fires, for display (e.g. {@code cron 0 0 2 * * ? America/New_York})
 */
public record BeatState(@Nullable Instant lastOccurrence, @Nullable String lastTaskId,
    @Nullable Instant firedAt, @Nullable Instant nextOccurrence, @Nullable String schedule) {}
