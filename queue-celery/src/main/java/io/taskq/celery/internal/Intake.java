package io.taskq.celery.internal;

import io.taskq.PayloadException;
import io.taskq.TaskClient;
import io.taskq.TaskOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves Celery messages into taskq: one thread that takes messages from Celery's lists of each
 * queue into the queue's inbox ({@code take.lua}, atomic), stores each as a taskq task (the
 * Celery task id is the taskq id, so storing again is a no-op while it lives) and then removes
 * it from the inbox. From then on taskq's claim, lease, fencing, retry and DLQ apply. A message
 * left in an inbox by a worker that stopped in between is stored by any worker's next recovery
 * pass, {@link #STALE} later. Messages taskq cannot run are stored as
 * {@value CeleryModules#REJECTED} tasks, which dead-letter with the reason.
 */
public final class Intake implements AutoCloseable {
  /** Messages taken per call of the take script. */
  static final int BATCH = 100;
  /** Wait between polls of an idle queue set (Celery's lists cannot wake a script). */
  static final Duration IDLE_POLL = Duration.ofMillis(100);
  /** Age of an inbox entry after which any worker stores it. */
  static final Duration STALE = Duration.ofSeconds(10);
  /** Characters of a rejected message kept in the DLQ when the whole is over maxPayload. */
  static final int RAW_KEPT = 10_000;
  private static final Duration RECOVERY_EVERY = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(Intake.class);

  private final CeleryRedis redis;
  private final TaskClient client;
  private final List<String> queues;
  private final Set<String> known;
  private final Thread thread;
  private volatile boolean closed;
  private long lastError;

  public Intake(CeleryRedis redis, TaskClient client, List<String> queues, Set<String> known) {
    this.redis = redis;
    this.client = client;
    this.queues = List.copyOf(queues);
    this.known = Set.copyOf(known);
    this.thread = Thread.ofPlatform().name("celery-intake").daemon().unstarted(this::run);
  }

  public Intake start() {
    for (String q : queues) {
      redis.bind(q);
    }
    log.info("Celery intake: serving Celery queues {} (lists and priority sub-lists)", queues);
    thread.start();
    return this;
  }

  private void run() {
    long nextRecovery = 0;
    while (!closed) {
      try {
        if (System.nanoTime() - nextRecovery >= 0) {
          queues.forEach(this::recover);
          nextRecovery = System.nanoTime() + RECOVERY_EVERY.toNanos();
        }
        int moved = 0;
        for (String q : queues) {
          moved += takeFrom(q);
        }
        if (moved == 0) {
          LockSupport.parkNanos(IDLE_POLL.toNanos());
        }
      } catch (RuntimeException e) {
        throttled(e);
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
      }
    }
  }

  /** One take from {@code queue}'s lists; returns how many messages moved. */
  int takeFrom(String queue) {
    List<CeleryRedis.Taken> taken = redis.take(queue, BATCH);
    for (CeleryRedis.Taken t : taken) {
      store(queue, t);
    }
    return taken.size();
  }

  /** Stores messages another worker (or this one, before a restart) left in the inbox. */
  void recover(String queue) {
    List<CeleryRedis.Taken> stale = redis.stale(queue, STALE.toMillis(), BATCH);
    if (!stale.isEmpty()) {
      log.warn("Celery intake: storing {} message(s) of queue {} that a stopped worker had"
          + " taken from Celery's lists", stale.size(), queue);
    }
    for (CeleryRedis.Taken t : stale) {
      store(queue, t);
    }
  }

  /**
   * Stores one taken message as a taskq task, or as a {@value CeleryModules#REJECTED} task when
   * it cannot run, then removes it from the inbox. A broker failure leaves it in the inbox.
   */
  private void store(String queue, CeleryRedis.Taken t) {
    try {
      CeleryMessage m = CeleryMessage.parse(t.raw(), t.step());
      if (!known.contains(m.task())) {
        reject(queue, new Rejected("NotRegistered: no handler for Celery task " + m.task(),
            m.id(), m.task(), t.raw()));
      } else {
        TaskOptions o = TaskOptions.builder().queue(queue).id(m.id()).eta(m.eta())
            // Celery on Redis serves priority 0 first, taskq serves 9 first
            .priority(9 - m.priority()).build();
        try {
          client.submitJson(m.task(), m.call().toJson(), o);
        } catch (PayloadException e) { // larger than maxPayload: it can never be stored
          throw new MalformedMessageException(e.getMessage(), m.id());
        }
      }
    } catch (MalformedMessageException e) {
      log.warn("Celery intake: a message of queue {} cannot run ({}); it goes to the DLQ as"
          + " task {}", queue, e.getMessage(), CeleryModules.REJECTED);
      reject(queue, new Rejected(e.getMessage(), e.celeryId(), null, t.raw()));
    }
    redis.taken(queue, t.raw());
  }

  private void reject(String queue, Rejected r) {
    TaskOptions o = TaskOptions.builder().queue(queue).build();
    try {
      client.submitJson(CeleryModules.REJECTED, r.toJson(), o);
    } catch (PayloadException tooLarge) {
      String head = r.raw().substring(0, Math.min(RAW_KEPT, r.raw().length()));
      client.submitJson(CeleryModules.REJECTED, new Rejected(r.reason() + " (message of "
          + r.raw().length() + " characters, the first " + head.length() + " kept)",
          r.celeryId(), r.notRegistered(), head).toJson(), o);
    }
  }

  private void throttled(RuntimeException e) {
    long now = System.nanoTime();
    if (lastError == 0 || now - lastError > Duration.ofMinutes(1).toNanos()) {
      lastError = now;
      log.warn("Celery intake: {} ({}); messages stay in Celery's lists or the inbox and are"
          + " taken again", e.getClass().getSimpleName(), e.getMessage());
    }
  }

  /** Stops taking; messages already taken are stored first. Idempotent. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
