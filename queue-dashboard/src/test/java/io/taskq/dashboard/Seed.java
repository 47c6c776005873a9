package io.taskq.dashboard;

import io.taskq.Backoff;
import io.taskq.QueueConfig;
import io.taskq.RetryPolicy;
import io.taskq.SkipRetryException;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks in every state, made the way applications make them (a client and a worker): queue
 * {@code email} holds succeeded, dead, retrying, expired, pending, scheduled and revoked tasks;
 * {@code billing} only dead ones (for the DLQ actions); {@code reports} is configured and empty.
 */
final class Seed {
  record Mail(String to) {}

  static final TaskDefinition<Mail> SEND = TaskDefinition.of("email.send", Mail.class)
      .withQueue("email");
  static final TaskDefinition<Mail> BOUNCE = TaskDefinition.of("email.bounce", Mail.class)
      .withQueue("email");
  static final TaskDefinition<Mail> FLAKY = TaskDefinition.of("email.flaky", Mail.class)
      .withQueue("email")
      .withRetry(RetryPolicy.builder().backoff(Backoff.fixed(Duration.ofHours(1))).build());
  static final TaskDefinition<Mail> CHARGE = TaskDefinition.of("billing.charge", Mail.class)
      .withQueue("billing");
  static final TaskDefinition<Mail> REFUND = TaskDefinition.of("billing.refund", Mail.class)
      .withQueue("billing");

  static final TaskqConfig CONFIG = TaskqConfig.DEFAULT
      .withQueue(QueueConfig.defaults("email"))
      .withQueue(QueueConfig.defaults("billing"))
      .withQueue(QueueConfig.defaults("reports"));

  final List<String> succeeded = new ArrayList<>();
  final List<String> dead = new ArrayList<>();
  final List<String> pending = new ArrayList<>();
  final List<String> billingDead = new ArrayList<>();
  String retry = "";
  String scheduled = "";
  String revoked = "";
  String expired = "";

  /** Submits and runs the tasks; the worker has stopped when this returns. */
  static Seed into(Broker broker) {
    Seed s = new Seed();
    TaskClient client = TaskClient.create(broker, CONFIG);
    for (int i = 0; i < 2; i++) {
      s.succeeded.add(client.submit(SEND, new Mail("ok" + i + "@example.com")).id());
    }
    for (int i = 0; i < 3; i++) {
      s.dead.add(client.submit(BOUNCE, new Mail("gone" + i + "@example.com")).id());
    }
    s.retry = client.submit(FLAKY, new Mail("later@example.com")).id();
    s.expired = client.submit(SEND, new Mail("late@example.com"), TaskOptions.builder()
        .expiresAt(Instant.now().minusSeconds(60)).build()).id();
    for (int i = 0; i < 3; i++) {
      s.billingDead.add(client.submit(CHARGE, new Mail("card" + i)).id());
    }
    for (int i = 0; i < 2; i++) {
      s.billingDead.add(client.submit(REFUND, new Mail("refund" + i)).id());
    }
    worker(broker).runUntilIdle();
    for (int i = 0; i < 2; i++) {
      s.pending.add(client.submit(SEND, new Mail("queued" + i + "@example.com")).id());
    }
    s.scheduled = client.submit(SEND, new Mail("tomorrow@example.com"), TaskOptions.builder()
        .countdown(Duration.ofHours(1)).build()).id();
    TaskHandle<Object> revoked = client.submit(SEND, new Mail("never@example.com"));
    client.revoke(revoked);
    s.revoked = revoked.id();
    return s;
  }

  /** A worker of the seeded queues: sends succeed, bounces and charges die, flaky retries. */
  static Worker worker(Broker broker) {
    return Worker.builder().broker(broker).config(CONFIG).queues("email", "billing")
        .register(SEND, (m, ctx) -> "sent to " + m.to())
        .register(BOUNCE, (m, ctx) -> {
          throw new SkipRetryException("mailbox does not exist");
        })
        .register(FLAKY, (m, ctx) -> {
          throw new IllegalStateException("smtp timeout");
        })
        .register(CHARGE, (m, ctx) -> {
          throw new SkipRetryException("card declined");
        })
        .register(REFUND, (m, ctx) -> {
          throw new SkipRetryException("refund window closed");
        })
        .build();
  }
}
