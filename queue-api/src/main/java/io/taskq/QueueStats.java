package io.taskq;

import java.time.Duration;

/**
 * One queue's figures at one moment.
 *
 * @param queue the queue
 * @param pending ready to run
 * @param active claimed by a worker (reserved or running)
 * @param scheduled waiting for a countdown or ETA
 * @param retry waiting for a retry backoff
 * @param dead in the dead-letter queue
 * @param processed tasks acked since the queue began
 * @param failed failed attempts (retried or dead-lettered)
 * @param recovered tasks returned from crashed workers
 * @param lag age of the oldest pending task (zero when none is pending)
 * @param paused whether workers stopped claiming from it
 */
public record QueueStats(String queue, long pending, long active, long scheduled, long retry,
    long dead, long processed, long failed, long recovered, Duration lag, boolean paused) {}
