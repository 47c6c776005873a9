package io.taskq.internal;

import io.taskq.DeadFilter;
import io.taskq.FsckReport;
import io.taskq.Health;
import io.taskq.Inspector;
import io.taskq.QueueShards;
import io.taskq.QueueStats;
import io.taskq.ScheduleStatus;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import io.taskq.WorkerStatus;
import io.taskq.WorkflowInfo;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@link Inspector} of the API: a sharded queue is one queue. {@link #queues()} lists each
 * queue once by its own name; every operation on a queue's name covers all its physical queues
 * ({@link PhysicalQueues}: the configured shards and any other found in the registry), summing
 * counts, concatenating lists (shard after shard, each in its own order) and taking the largest
 * lag; a shard's name ({@code email#2}) still addresses that shard alone. Everything per
 * physical queue is done by the {@link DefaultInspector} it wraps.
 */
public final class ShardedInspector implements Inspector {
  private final DefaultInspector physical;
  private final Broker broker;
  private final TaskqConfig config;

  public ShardedInspector(Broker broker, TaskqConfig config) {
    this.physical = new DefaultInspector(broker, config, this);
    this.broker = broker;
    this.config = config;
  }

  private List<String> shardsOf(String queue) {
    return PhysicalQueues.of(broker, config, QueueShards.requireValid(queue));
  }

  /** The health with each queue once: the check reads this inspector's queues and stats. */
  @Override
  public Health health() {
    return physical.health();
  }

  @Override
  public Health health(Collection<String> queues) {
    return physical.health(queues);
  }

  @Override
  public Set<String> queues() {
    return new TreeSet<>(QueueShards.group(physical.queues()).keySet());
  }

  @Override
  public QueueStats stats(String queue) {
    List<String> shards = shardsOf(queue);
    if (shards.size() == 1 && shards.get(0).equals(queue)) {
      return physical.stats(queue);
    }
    long pending = 0, active = 0, scheduled = 0, retry = 0, dead = 0;
    long processed = 0, failed = 0, recovered = 0;
    Duration lag = Duration.ZERO;
    boolean paused = true;
    for (String shard : shards) {
      QueueStats s = physical.stats(shard);
      pending += s.pending();
      active += s.active();
      scheduled += s.scheduled();
      retry += s.retry();
      dead += s.dead();
      processed += s.processed();
      failed += s.failed();
      recovered += s.recovered();
      lag = s.lag().compareTo(lag) > 0 ? s.lag() : lag;
      paused &= s.paused();
    }
    return new QueueStats(queue, pending, active, scheduled, retry, dead, processed, failed,
        recovered, lag, paused);
  }

  @Override
  public List<TaskInfo> tasks(String queue, TaskState state, int limit) {
    return upTo(queue, limit, (shard, left) -> physical.tasks(shard, state, left));
  }

  @Override
  public Optional<TaskInfo> task(String id) {
    return physical.task(id);
  }

  /** The workers, each serving its queues by their own names (a sharded queue once). */
  @Override
  public List<WorkerStatus> workers() {
    return physical.workers().stream().map(w -> new WorkerStatus(w.id(), w.host(), w.pid(),
        w.queues().stream().map(QueueShards::logical).distinct().toList(), w.concurrency(),
        w.active(), w.startedAt(), w.lastHeartbeat(), w.alive())).toList();
  }

  @Override
  public Optional<WorkflowInfo> workflow(String id) {
    return physical.workflow(id);
  }

  @Override
  public long purge(String queue, TaskState state) {
    return sum(queue, shard -> physical.purge(shard, state));
  }

  /** The DLQ shard after shard: {@code offset} and {@code limit} count over all of them. */
  @Override
  public List<TaskInfo> dead(String queue, DeadFilter filter, int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    List<String> shards = shardsOf(queue);
    if (shards.size() == 1) {
      return physical.dead(shards.get(0), filter, offset, limit); // the broker skips the offset
    }
    List<TaskInfo> all = upTo(queue, offset + limit,
        (shard, left) -> physical.dead(shard, filter, 0, left));
    return all.size() <= offset ? List.of() : all.subList(offset, all.size());
  }

  @Override
  public boolean replay(String queue, String id) {
    for (String shard : shardsOf(queue)) {
      if (physical.replay(shard, id)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long deleteDead(String queue, List<String> ids) {
    return sum(queue, shard -> physical.deleteDead(shard, ids));
  }

  @Override
  public void pause(String queue) {
    shardsOf(queue).forEach(physical::pause);
  }

  @Override
  public void resume(String queue) {
    shardsOf(queue).forEach(physical::resume);
  }

  /** Forgets every physical queue that holds nothing; false when one still holds tasks. */
  @Override
  public boolean forget(String queue) {
    boolean all = true;
    for (String shard : shardsOf(queue)) {
      all &= physical.forget(shard);
    }
    return all;
  }

  @Override
  public List<ScheduleStatus> schedules() {
    return physical.schedules();
  }

  @Override
  public Optional<String> beatLeader() {
    return physical.beatLeader();
  }

  @Override
  public FsckReport fsck(String queue, Duration staleAfter, boolean repair) {
    List<String> dangling = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    List<String> badScores = new ArrayList<>();
    long repaired = 0;
    for (String shard : shardsOf(queue)) {
      FsckReport r = physical.fsck(shard, staleAfter, repair);
      dangling.addAll(r.danglingIds());
      orphans.addAll(r.orphanIds());
      stale.addAll(r.staleActive());
      duplicates.addAll(r.duplicateIds());
      badScores.addAll(r.badScores());
      repaired += r.repaired();
    }
    return new FsckReport(queue, dangling, orphans, stale, duplicates, badScores, repaired);
  }

  private long sum(String queue, Function<String, Long> perShard) {
    long n = 0;
    for (String shard : shardsOf(queue)) {
      n += perShard.apply(shard);
    }
    return n;
  }

  private interface Page {
    List<TaskInfo> read(String shard, int left);
  }

  /** Up to {@code limit} items, shard after shard. */
  private List<TaskInfo> upTo(String queue, int limit, Page page) {
    List<TaskInfo> out = new ArrayList<>();
    for (String shard : shardsOf(queue)) {
      if (out.size() >= limit) {
        break;
      }
      out.addAll(page.read(shard, limit - out.size()));
    }
    return out;
  }
}
