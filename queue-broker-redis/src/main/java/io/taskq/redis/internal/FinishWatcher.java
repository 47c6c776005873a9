package io.taskq.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.taskq.redis.RedisKeys;
import io.taskq.spi.FinishListener;
import io.taskq.spi.FinishWatch;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link io.taskq.spi.Broker#watchFinished} on Redis: every watch of one broker shares its one
 * pub/sub connection, subscribed to {@code taskq:{q}:done} of each queue watched (the
 * {@code keep_record} Lua function publishes the id of every task that reached a final state).
 * A queue's channel is subscribed while it has a listener; the subscribe has been confirmed by
 * Redis when {@link #watch} returns. After a reconnect Lettuce subscribes again; that second
 * confirmation tells the queue's listeners that notices may have been missed.
 */
public final class FinishWatcher {
  private final RedisConnector redis;
  /** channel → its queue's listeners; read on the I/O thread without a lock. */
  private final Map<String, List<FinishListener>> listeners = new ConcurrentHashMap<>();
  private final Map<String, String> queues = new ConcurrentHashMap<>();
  /** Channels whose first subscribe was confirmed: a later confirmation is a resubscribe. */
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private boolean adapterAdded;

  public FinishWatcher(RedisConnector redis) {
    this.redis = redis;
  }

  /** See {@link io.taskq.spi.Broker#watchFinished}. */
  public FinishWatch watch(String queue, FinishListener listener) {
    String channel = RedisKeys.of(queue).doneChannel();
    synchronized (lock) {
      if (!adapterAdded) {
        redis.pubSub().addListener(new Adapter());
        adapterAdded = true;
      }
      List<FinishListener> ls = listeners.get(channel);
      if (ls != null) {
        ls.add(listener);
      } else {
        ls = new CopyOnWriteArrayList<>(List.of(listener));
        queues.put(channel, queue);
        listeners.put(channel, ls);
        try {
          redis.callPubSub("subscribe to " + channel, r -> {
            r.subscribe(channel);
            return channel;
          });
        } catch (RuntimeException e) {
          listeners.remove(channel);
          throw e;
        }
      }
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        unwatch(channel, listener);
      }
    };
  }

  private void unwatch(String channel, FinishListener listener) {
    synchronized (lock) {
      List<FinishListener> ls = listeners.get(channel);
      if (ls == null || !ls.remove(listener) || !ls.isEmpty()) {
        return;
      }
      listeners.remove(channel);
      if (redis.isClosed()) {
        return;
      }
      try {
        redis.callPubSub("unsubscribe from " + channel, r -> {
          r.unsubscribe(channel);
          return channel;
        });
        confirmed.remove(channel);
      } catch (RuntimeException e) {
        // still subscribed: notices for a queue nobody watches are dropped in message()
      }
    }
  }

  /** Called on Lettuce's I/O thread: only hands the notices on. */
  private final class Adapter extends RedisPubSubAdapter<String, String> {
    @Override
    public void message(String channel, String id) {
      List<FinishListener> ls = listeners.get(channel);
      String queue = queues.get(channel);
      if (ls != null && queue != null) {
        ls.forEach(l -> l.finished(queue, id));
      }
    }

    @Override
    public void subscribed(String channel, long count) {
      if (!confirmed.add(channel)) {
        List<FinishListener> ls = listeners.get(channel);
        String queue = queues.get(channel);
        if (ls != null && queue != null) {
          ls.forEach(l -> l.mayHaveMissed(queue));
        }
      }
    }
  }
}
