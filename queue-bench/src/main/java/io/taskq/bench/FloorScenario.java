package io.taskq.bench;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.RedisKeys;
import io.taskq.redis.internal.RedisClients;
import io.taskq.redis.internal.RedisErrors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/**
 * {@code taskq bench floor}: what the simplest Redis queue costs in latency on this machine and
 * client, with no taskq code on the path. The figure a task's enqueue-to-start latency is
 * compared with: taskq's path holds at least these hops, plus its scripts.
 */
@Command(name = "floor", mixinStandardHelpOptions = true,
    description = "Measures, at R/s for D each, with the Lettuce client and settings taskq uses"
        + " (no taskq code on the path): a PING round trip from a thread that waited between"
        + " calls, and an LPUSH handed to a BRPOP waiting on another connection, its consumer a"
        + " platform thread, then a virtual thread (one plain list: no lease, no script), and a"
        + " message of an envelope's size published to a subscribed connection, whose listener"
        + " hands it to a new virtual thread (the floor of push delivery). Reports"
        + " p50, p99 and max in ms per row. One server only (not a cluster or sentinel URL).")
final class FloorScenario extends Scenario {
  /** About the size of a small task's envelope, as push delivery would publish it. */
  private static final int ENVELOPE_CHARS = 300;
  @Mixin Pace pace;

  @Override
  String name() {
    return "floor";
  }

  @Override
  void validate() {
    atLeast("--duration (ms)", pace.duration.toMillis(), 1);
    if (!(pace.rate > 0)) {
      throw new ParameterException(spec.commandLine(), "--rate must be > 0, was " + pace.rate);
    }
  }

  @Override
  void run(TaskqConfig config, Report report) throws Exception {
    if (config.redis().url().startsWith("memory:")
        || RedisClients.mode(config.redis()) != RedisClients.Mode.STANDALONE) {
      throw new ParameterException(spec.commandLine(), "bench floor measures one Redis server:"
          + " give a redis:// or rediss:// URL");
    }
    report.parameter("rate", pace.rate).parameter("duration", pace.duration.toString());
    long n = Math.max(1, (long) (pace.rate * pace.duration.toNanos() / 1e9));
    String list = RedisKeys.of(queue()).pending();
    RedisClient client = RedisClients.create(config.redis());
    try (StatefulRedisConnection<String, String> producer = connect(client, config);
        StatefulRedisConnection<String, String> consumer = connect(client, config)) {
      RedisCommands<String, String> p = producer.sync();
      p.del(list);
      for (int round = 0; round < 2; round++) { // the first warms the client's code paths
        boolean measured = round == 1;
        long count = measured ? n : Math.min(n, 2000);
        Latencies ping = ping(p, count);
        Latencies platform = handOff(p, consumer.sync(), list, count, Thread.ofPlatform()
            .name("taskq-floor-consumer").factory());
        Latencies virtual = handOff(p, consumer.sync(), list, count, Thread.ofVirtual()
            .name("taskq-floor-consumer").factory());
        Latencies pushed = publish(client, config, p, list, count);
        if (measured) {
          report.row("path", "ping", "samples", count).putAll(ping.summary().columns());
          report.row("path", "lpush-brpop-platform", "samples", count)
              .putAll(platform.summary().columns());
          report.row("path", "lpush-brpop-virtual", "samples", count)
              .putAll(virtual.summary().columns());
          report.row("path", "publish-virtual", "samples", count)
              .putAll(pushed.summary().columns());
        }
      }
      p.del(list);
    } finally {
      client.shutdown();
    }
  }

  /** PING round trips at the pace, each from a thread that waited since the last. */
  private Latencies ping(RedisCommands<String, String> r, long n) {
    Latencies out = new Latencies();
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      pace.awaitTurn(t0, i);
      long start = System.nanoTime();
      r.ping();
      out.record((System.nanoTime() - start) / 1e6);
    }
    return out;
  }

  /**
   * LPUSHes of the send time at the pace, each popped by a BRPOP that waits on the other
   * connection, on a thread of {@code threads}: push to pop returned.
   */
  private Latencies handOff(RedisCommands<String, String> producer,
      RedisCommands<String, String> consumer, String list, long n, ThreadFactory threads)
      throws InterruptedException {
    Latencies out = new Latencies();
    RuntimeException[] failed = new RuntimeException[1];
    Thread popper = threads.newThread(() -> {
      try {
        for (long i = 0; i < n; i++) {
          KeyValue<String, String> kv = consumer.brpop(10, list);
          if (kv == null) {
            throw new IllegalStateException("no push arrived within 10 s");
          }
          out.record((System.nanoTime() - Long.parseLong(kv.getValue())) / 1e6);
        }
      } catch (RuntimeException e) {
        failed[0] = e;
      }
    });
    popper.start();
    long t0 = System.nanoTime();
    for (long i = 0; i < n && popper.isAlive(); i++) {
      pace.awaitTurn(t0, i);
      producer.lpush(list, Long.toString(System.nanoTime()));
    }
    popper.join();
    if (failed[0] != null) {
      throw failed[0];
    }
    return out;
  }

  /**
   * Messages of {@link #ENVELOPE_CHARS} published at the pace on a channel that another
   * connection subscribed to ({@code SPUBLISH}/{@code SSUBSCRIBE}, as the wake channels), each
   * handed by the listener (Lettuce's I/O thread) to a new virtual thread: publish to that thread
   * running.
   */
  private Latencies publish(RedisClient client, TaskqConfig config,
      RedisCommands<String, String> producer, String channel, long n)
      throws InterruptedException {
    Latencies out = new Latencies();
    CountDownLatch received = new CountDownLatch((int) Math.min(n, Integer.MAX_VALUE));
    StatefulRedisPubSubConnection<String, String> subscriber;
    try {
      subscriber = client.connectPubSub();
    } catch (RuntimeException e) {
      throw RedisErrors.onConnect(e, config.redis().redactedUrl());
    }
    try {
      subscriber.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void smessage(String ch, String message) {
          Thread.ofVirtual().name("taskq-floor-consumer").start(() -> {
            long sent = Long.parseLong(message.substring(0, message.indexOf(' ')));
            out.record((System.nanoTime() - sent) / 1e6);
            received.countDown();
          });
        }
      });
      subscriber.sync().ssubscribe(channel);
      String padding = " " + "x".repeat(ENVELOPE_CHARS - 21);
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        pace.awaitTurn(t0, i);
        producer.spublish(channel, System.nanoTime() + padding);
      }
      if (!received.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("published messages did not all arrive within 10 s");
      }
    } finally {
      subscriber.close();
    }
    return out;
  }
}
