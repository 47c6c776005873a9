package io.taskq.redis;

import io.taskq.QueueShards;

/**
 * Every Redis key taskq uses. All keys of queue {@code q} carry the hash tag {@code {q}}, so one
 * queue lives in one cluster slot and every script touches one slot; suffixes are state names.
 * These names are a contract: operators' scripts and {@code taskq fsck} rely on them.
 */
public final class RedisKeys {
  /** Prefix of every key. */
  public static final String PREFIX = "taskq:";
  /** SET of every queue that ever received a task. */
  public static final String QUEUES = PREFIX + "queues";
  /** ZSET worker id → registration expiry (ms). */
  public static final String WORKERS = PREFIX + "workers";
  /** STRING {@code host:pid:epoch} with PX: the beat leader lease. */
  public static final String BEAT_LEADER = PREFIX + "beat:leader";
  /** HASH entry → last and next fire of beat entries. */
  public static final String BEAT_STATE = PREFIX + "beat:state";
  /**
   * STREAM of task events ({@code XADD MAXLEN ~}), one per deployment. A global key: never in a
   * script with a queue's keys.
   */
  public static final String EVENTS = PREFIX + "events";
  /** STRING: the version of the script library that wrote this database's data. */
  public static final String VERSION = PREFIX + "version";

  private final String base;

  private RedisKeys(String queue) {
    this.base = PREFIX + "{" + QueueShards.requireValid(queue) + "}:";
  }

  /** The keys of one queue. */
  public static RedisKeys of(String queue) {
    return new RedisKeys(queue);
  }

  /** HASH worker fields of one worker, expiring with its heartbeat. */
  public static String worker(String workerId) {
    return PREFIX + "worker:" + workerId;
  }

  /**
   * HASH of one workflow (chain or group): its state, members and results. The id is the key's
   * hash tag: a workflow lives in a slot of its own, apart from the queues of its tasks.
   */
  public static String workflow(String workflowId) {
    return PREFIX + "workflow:{" + workflowId + "}";
  }

  private String key(String suffix) {
    return base + suffix;
  }

  /** HASH id → envelope JSON. */
  public String tasks() {
    return key("tasks");
  }

  /** LIST of ready ids of priority 0, claimed after those of {@link #prioritized()}. */
  public String pending() {
    return key("pending");
  }

  /**
   * ZSET of ready ids of priorities 1 to 9, in claim order: one band of scores per priority (see
   * {@code lua/lib/pending.lua}).
   */
  public String prioritized() {
    return key("prioritized");
  }

  /** HASH id → priority (1 to 9) of a live task; no field = 0. */
  public String priority() {
    return key("priority");
  }

  /** ZSET id → lease deadline. */
  public String active() {
    return key("active");
  }

  /** HASH id → {@code token|workerId|claimedAt|startedAt}. */
  public String lease() {
    return key("lease");
  }

  /** ZSET id → due time of countdown/ETA tasks. */
  public String scheduled() {
    return key("scheduled");
  }

  /** ZSET id → due time of tasks waiting for a retry. */
  public String retry() {
    return key("retry");
  }

  /** ZSET id → died-at: the dead-letter queue. */
  public String dead() {
    return key("dead");
  }

  /** ZSET wake-up signal for idle workers. */
  public String marker() {
    return key("marker");
  }

  /** HASH id → crash recoveries. */
  public String crashes() {
    return key("crashes");
  }

  /** HASH counters: processed, failed, retried, dead, recovered. */
  public String stats() {
    return key("stats");
  }

  /** STRING guard: one reaper pass at a time. */
  public String reaper() {
    return key("reaper");
  }

  /** STRING pause flag. */
  public String paused() {
    return key("paused");
  }

  /** HASH id → result JSON. */
  public String results() {
    return key("results");
  }

  /** ZSET id → result expiry. */
  public String resultsExpiry() {
    return key("results:exp");
  }

  /** HASH id → record of a finished task (see {@code RecordField}); expires with its result. */
  public String records() {
    return key("records");
  }

  /** Pub/sub channel (not a key): the id of every task that reached a final state. */
  public String doneChannel() {
    return key("done");
  }

  /**
   * Shard pub/sub channel (not a key), in the queue's slot: {@code p} when work became ready,
   * {@code s} when the schedule changed (see {@code lua/lib/wake.lua}); idle workers subscribe.
   */
  public String wakeChannel() {
    return key("wake");
  }

  /**
   * Pub/sub channel (not a key): revokes of active tasks, for the workers holding them
   * ({@code terminate|worker|id|token} or {@code revoke|worker|id|token}).
   */
  public String controlChannel() {
    return key("control");
  }

  /** HASH id → links JSON of a live task with follow-ups (see {@code lua/lib/links.lua}). */
  public String links() {
    return key("links");
  }

  /**
   * LIST of settled follow-ups: one JSON entry per finished task that had links, appended by the
   * script that ended it, drained by workers.
   */
  public String outbox() {
    return key("outbox");
  }

  /** HASH unique key → id of the task holding it. */
  public String unique() {
    return key("unique");
  }

  /** ZSET unique key → when it stops holding (ms), unless its task is still live. */
  public String uniqueExpiry() {
    return key("unique:exp");
  }

  /** ZSET revoked id → until when the revoke is kept (ms). */
  public String revoked() {
    return key("revoked");
  }

  /** HASH token bucket of the queue's rate limit: tokens, last refill (ms). */
  public String rate() {
    return key("rate");
  }

  /** HASH beat entry → last occurrence fired. */
  public String beat() {
    return key("beat");
  }
}
