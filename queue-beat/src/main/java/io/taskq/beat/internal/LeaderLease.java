package io.taskq.beat.internal;

import io.taskq.TaskqException;
import io.taskq.spi.BeatStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's view of the beat leader lease: a leader renews every lease/3, a follower tries
 * to take it every second. A failed call makes this replica a follower at once: it never fires on
 * a lease it could not confirm.
 */
public final class LeaderLease {
  private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);
  /** How often a follower tries to take the lease. */
  public static final Duration FOLLOWER_RETRY = Duration.ofSeconds(1);

  private final BeatStore store;
  private final String holder;
  private final Duration lease;
  private boolean leader;
  private long nextCallNanos;

  public LeaderLease(BeatStore store, String holder, Duration lease) {
    this.store = store;
    this.holder = holder;
    this.lease = lease;
  }

  public boolean isLeader() {
    return leader;
  }

  /** Nanos ({@link System#nanoTime()}) of the next renewal or attempt. */
  public long nextCallNanos() {
    return nextCallNanos;
  }

  /**
   * Renews or tries to take the lease when it is time to.
   *
   * @return true when this replica just became the leader (its state must be reloaded)
   */
  public boolean refresh() {
    long now = System.nanoTime();
    if (now - nextCallNanos < 0) {
      return false;
    }
    boolean was = leader;
    try {
      leader = store.lead(holder, lease);
    } catch (TaskqException e) {
      if (was) {
        log.warn("Beat {} cannot renew the leader lease ({}); stops firing until it can",
            holder, e.getMessage());
      }
      leader = false;
    }
    nextCallNanos = now + (leader ? lease.dividedBy(3) : FOLLOWER_RETRY).toNanos();
    if (leader && !was) {
      log.info("Beat {} is now the leader", holder);
    } else if (!leader && was) {
      log.warn("Beat {} is no longer the leader; another replica fires now", holder);
    }
    return leader && !was;
  }

  /** Releases the lease if held (clean stop). */
  public void resign() {
    if (leader) {
      leader = false;
      try {
        store.resign(holder);
        log.info("Beat {} released the leader lease", holder);
      } catch (TaskqException e) {
        log.warn("Beat {} could not release the leader lease ({}); it expires within {}",
            holder, e.getMessage(), lease);
      }
    }
  }
}
