package io.taskq;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A beat entry's state, as the leader last recorded it.
 *
 * @param entry the entry name
 * @param lastOccurrence the occurrence last handled (fired or skipped)
 * @param lastTaskId the task last enqueued
 * @param firedAt when the leader handled it
 * @param nextOccurrence the next occurrence
 * @param schedule how it fires, e.g. {@code cron 0 0 2 * * ? America/New_York}
 */
public record ScheduleStatus(String entry, @Nullable Instant lastOccurrence,
    @Nullable String lastTaskId, @Nullable Instant firedAt, @Nullable Instant nextOccurrence,
    @Nullable String schedule) {}
