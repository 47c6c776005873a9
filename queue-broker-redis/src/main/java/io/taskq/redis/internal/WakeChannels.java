package io.taskq.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.taskq.BrokerUnavailableException;
import io.taskq.redis.RedisKeys;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait for work of every queue of one broker on its one pub/sub connection: the connection is
 * subscribed ({@code SSUBSCRIBE}) to the wake channel of each queue waited on, on which the
 * scripts publish what they add to the queue's marker ({@code lua/lib/wake.lua}), and each queue
 * has a {@link Signal} its waiters block on. On a cluster, Lettuce's pub/sub connection routes
 * each {@code SSUBSCRIBE} by the channel's slot to its connection to the primary owning it (one
 * per primary, opened with the connection) and hands every node's messages to the one listener.
 *
 * <p>No wake-up is lost: a queue's channel stays subscribed from its first wait on, so a message
 * that arrives while no one waits stays set in the signal for the next wait. Each confirmation
 * of the subscribe sets the signal too: the first one covers what was published before it (the
 * caller claimed before it subscribed), and a later one, after Lettuce subscribed again following
 * a reconnect, covers what was published while the connection was down. On a cluster, a channel
 * whose slot moves is subscribed again on its new owner, and its signal set: when the node
 * drops it ({@code sunsubscribe} pushed as the slot leaves), and for every channel when the
 * client sees the topology change (a failover: the dead primary pushes nothing).
 *
 * <p>Redis may refuse the subscribe (an ACL without channel rights): {@link #signal} then
 * answers null and the caller waits with BZPOPMIN on the queue's marker.
 */
public final class WakeChannels {
  private static final Logger log = LoggerFactory.getLogger(WakeChannels.class);

  private final RedisConnector redis;
  /** channel → signal; read on the I/O thread without a lock. */
  private final Map<String, Signal> byChannel = new ConcurrentHashMap<>();
  private final Map<String, Signal> byQueue = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** The connector's pub/sub connection, once the listener is on it. */
  private volatile @Nullable StatefulRedisPubSubConnection<String, String> connection;
  private volatile boolean refused;
  /** After a topology change, before subscribing again: the client reloads its slot map. */
  private static final long RESUBSCRIBE_DELAY_MS = 1000;
  /** Tries of a subscribe on a slot's new owner, that far apart. */
  private static final int RESUBSCRIBE_TRIES = 10;

  public WakeChannels(RedisConnector redis) {
    this.redis = redis;
  }

  /**
   * The signal of {@code queue}, subscribing to its wake channel on first use (the subscribe has
   * been confirmed, and the signal set, when this returns).
   *
   * @return null when wake channels are not used (Redis refused the subscribe)
   * @throws BrokerUnavailableException when Redis cannot be reached
   */
  public @Nullable Signal signal(String queue) {
    Signal s = byQueue.get(queue);
    if (s != null || refused) {
      return s;
    }
    synchronized (lock) {
      s = byQueue.get(queue);
      if (s != null || refused) {
        return s;
      }
      if (connection == null) {
        StatefulRedisPubSubConnection<String, String> c = redis.pubSub();
        c.addListener(new Adapter());
        redis.onTopologyChange(() -> CompletableFuture.runAsync(this::resubscribeAll,
            CompletableFuture.delayedExecutor(RESUBSCRIBE_DELAY_MS, TimeUnit.MILLISECONDS)));
        connection = c;
      }
      String channel = RedisKeys.of(queue).wakeChannel();
      Signal created = new Signal();
      byChannel.put(channel, created);
      try {
        redis.callPubSub("subscribe to " + channel, r -> {
          r.ssubscribe(channel);
          return channel;
        });
      } catch (BrokerUnavailableException e) {
        byChannel.remove(channel);
        throw e;
      } catch (RuntimeException e) {
        byChannel.remove(channel);
        refused = true;
        log.warn("Redis refused SSUBSCRIBE to the wake channel of queue {} ({}); this worker"
            + " waits for work with one blocking connection per queue instead", queue,
            e.getMessage());
        return null;
      }
      created.set();
      byQueue.put(queue, created);
      return created;
    }
  }

  /**
   * Subscribes {@code channel} again, on the node that owns its slot now (Lettuce routes it, and
   * follows a {@code MOVED}), without waiting: called on Lettuce's threads. Its signal is set, so
   * its waiter claims at once. A subscribe that fails (the connection to the new owner still
   * being made) is tried again {@link #RESUBSCRIBE_TRIES} times, {@link #RESUBSCRIBE_DELAY_MS}
   * apart; after that, the queue is left to its waiter's safety poll until the next topology
   * change.
   */
  private void resubscribe(String channel, Signal signal, int tries) {
    signal.set();
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c == null || redis.isClosed()) {
      return;
    }
    try {
      c.async().ssubscribe(channel).whenComplete((ok, e) -> {
        if (e != null) {
          retryResubscribe(channel, signal, tries, e);
        }
      });
    } catch (RuntimeException e) {
      retryResubscribe(channel, signal, tries, e);
    }
  }

  private void retryResubscribe(String channel, Signal signal, int tries, Throwable e) {
    if (tries <= 1 || redis.isClosed()) {
      notResubscribed(channel, e);
      return;
    }
    CompletableFuture.runAsync(() -> resubscribe(channel, signal, tries - 1),
        CompletableFuture.delayedExecutor(RESUBSCRIBE_DELAY_MS, TimeUnit.MILLISECONDS));
  }

  private static void notResubscribed(String channel, Throwable e) {
    log.warn("Could not subscribe again to the wake channel {} after a cluster topology change"
        + " ({}); its waiter polls until the next change", channel, e.getMessage());
  }

  /**
   * After a topology change: every channel on the node that owns its slot now (a first subscribe
   * still in flight is left to confirm itself).
   */
  private void resubscribeAll() {
    byChannel.forEach((channel, signal) -> {
      if (signal.confirmed.get()) {
        resubscribe(channel, signal, RESUBSCRIBE_TRIES);
      }
    });
  }

  /**
   * Whether work may be ready on one queue; set by its channel, taken by one waiter. Waiters hold
   * its lock only while they look at the flag, so the I/O thread that sets it never waits long.
   */
  public static final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean set; // guarded by lock
    /** Nothing delayed when last looked, and no signal since (guarded by lock). */
    private boolean nothingDelayed;
    /** The first confirmation of the subscribe came (the subscriber sets the signal itself). */
    private final AtomicBoolean confirmed = new AtomicBoolean();

    void set() {
      lock.lock();
      try {
        set = true;
        nothingDelayed = false; // a schedule change signals too
        woken.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /**
     * Records that the queue had nothing delayed when just looked at, unless a signal came since
     * (then a change may have been missed by that look). Every script that schedules a task or
     * sets a retry signals, so this holds until the next signal.
     */
    public void nothingDelayed() {
      lock.lock();
      try {
        nothingDelayed = !set;
      } finally {
        lock.unlock();
      }
    }

    /** Whether no signal came since {@link #nothingDelayed()} was recorded. */
    public boolean stillNothingDelayed() {
      lock.lock();
      try {
        return nothingDelayed && !set;
      } finally {
        lock.unlock();
      }
    }

    /**
     * Takes the signal if it is set, waiting at most {@code millis} (0: not at all) for it.
     *
     * @return true when taken; false on timeout, or on interrupt with the flag set
     */
    public boolean take(long millis) {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      lock.lock();
      try {
        while (!set) {
          if (nanos <= 0) {
            return false;
          }
          try {
            nanos = woken.awaitNanos(nanos);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
        set = false;
        return true;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Called on Lettuce's I/O thread: sets the signal, which wakes a waiter at once. */
  private final class Adapter extends RedisPubSubAdapter<String, String> {
    @Override
    public void smessage(String channel, String message) {
      Signal s = byChannel.get(channel);
      if (s != null) {
        s.set();
      }
    }

    /** A confirmation after the first: subscribed again after a reconnect. */
    @Override
    public void ssubscribed(String channel, long count) {
      Signal s = byChannel.get(channel);
      if (s != null && !s.confirmed.compareAndSet(false, true)) {
        s.set();
      }
    }

    /**
     * Only the server unsubscribes (this class never does): on a cluster, the channel's slot left
     * the node (a migration, or the node became a replica); subscribe on the new owner.
     */
    @Override
    public void sunsubscribed(String channel, long count) {
      Signal s = byChannel.get(channel);
      if (s != null) {
        resubscribe(channel, s, RESUBSCRIBE_TRIES);
      }
    }
  }
}
