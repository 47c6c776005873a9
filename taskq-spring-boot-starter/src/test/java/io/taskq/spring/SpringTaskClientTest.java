package io.taskq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.PayloadException;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskState;
import io.taskq.config.TaskqConfig;
import io.taskq.embedded.EmbeddedBroker;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

class SpringTaskClientTest {
  record Mail(String to) {}

  static final TaskDefinition<Mail> MAIL = TaskDefinition.of("mail.send", Mail.class)
      .withQueue("mail");

  final EmbeddedBroker broker = new EmbeddedBroker();
  final TaskClient plain = TaskClient.create(broker, TaskqConfig.DEFAULT);
  final SpringTaskClient client = new SpringTaskClient(plain, false);
  final TransactionTemplate tx = new TransactionTemplate(new NoOpTransactionManager());

  @AfterEach
  void close() {
    client.close();
    broker.close();
  }

  private TaskState state(TaskHandle<?> h) {
    return client.find(h).orElseThrow().state();
  }

  @Test
  void submitAfterCommitEnqueuesWithTheReturnedIdOnlyOnceTheTransactionCommits() {
    AtomicReference<TaskHandle<Object>> handle = new AtomicReference<>();
    tx.executeWithoutResult(s -> {
      handle.set(client.submitAfterCommit(MAIL, new Mail("a@example.com")));
      assertThat(client.find(handle.get())).as("before the commit").isEmpty();
    });
    assertThat(handle.get().queue()).isEqualTo("mail");
    assertThat(state(handle.get())).isEqualTo(TaskState.PENDING);
  }

  @Test
  void submitAfterCommitDropsTheTaskWhenTheTransactionRollsBack() {
    AtomicReference<TaskHandle<Object>> handle = new AtomicReference<>();
    tx.executeWithoutResult(s -> {
      handle.set(client.submitAfterCommit(MAIL, new Mail("a@example.com")));
      s.setRollbackOnly();
    });
    assertThat(client.find(handle.get())).isEmpty();
    assertThat(broker.counts("mail").pending()).isZero();
  }

  @Test
  void submitAfterCommitOutsideATransactionSubmitsAtOnce() {
    TaskHandle<Object> h = client.submitAfterCommit(MAIL, new Mail("a@example.com"));
    assertThat(state(h)).isEqualTo(TaskState.PENDING);
  }

  @Test
  void plainSubmitInsideATransactionEnqueuesAtOnceUnlessAfterCommitIsGlobal() {
    SpringTaskClient global = new SpringTaskClient(plain, true);
    AtomicReference<TaskHandle<Object>> now = new AtomicReference<>();
    AtomicReference<List<TaskHandle<Object>>> held = new AtomicReference<>();
    tx.executeWithoutResult(s -> {
      now.set(client.submit(MAIL, new Mail("a@example.com")));
      held.set(global.submitAll(MAIL, List.of(new Mail("b@example.com"),
          new Mail("c@example.com"))));
      assertThat(client.find(now.get())).isPresent();
      assertThat(global.find(held.get().get(0))).isEmpty();
      s.setRollbackOnly();
    });
    assertThat(client.find(now.get())).as("submitted before the rollback").isPresent();
    assertThat(held.get()).allSatisfy(h -> assertThat(client.find(h)).isEmpty());
  }

  @Test
  void aRequiresNewTransactionKeepsItsOwnHeldTasks() {
    AtomicReference<TaskHandle<Object>> inner = new AtomicReference<>();
    AtomicReference<TaskHandle<Object>> outer = new AtomicReference<>();
    TransactionTemplate requiresNew = new TransactionTemplate(tx.getTransactionManager());
    requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    tx.executeWithoutResult(s -> {
      outer.set(client.submitAfterCommit(MAIL, new Mail("outer@example.com")));
      requiresNew.executeWithoutResult(
          s2 -> inner.set(client.submitAfterCommit(MAIL, new Mail("inner@example.com"))));
      assertThat(client.find(inner.get())).as("after the inner commit").isPresent();
      s.setRollbackOnly();
    });
    assertThat(client.find(outer.get())).as("outer rolled back").isEmpty();
    assertThat(client.find(inner.get())).isPresent();
  }

  @Test
  void aTaskThatFailsAtTheCommitIsThrownToTheCommitterAndTheOthersAreStillEnqueued() {
    TaskClient small = TaskClient.create(broker, new TaskqConfig(TaskqConfig.DEFAULT.redis(),
        TaskqConfig.DEFAULT.worker(), java.util.Map.of(), 64));
    SpringTaskClient c = new SpringTaskClient(small, true);
    AtomicReference<TaskHandle<Object>> ok = new AtomicReference<>();
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
      var tooBig = c.submit(MAIL, new Mail("x".repeat(100) + "@example.com"));
      ok.set(c.submit(MAIL, new Mail("a@example.com")));
      assertThat(tooBig.id()).isNotEqualTo(ok.get().id());
    })).isInstanceOf(PayloadException.class);
    assertThat(state(ok.get())).isEqualTo(TaskState.PENDING);
    assertThat(broker.counts("mail").pending()).isEqualTo(1);
  }

  @Test
  void theTraceIdOfTheMdcIsTheCorrelationIdWhenNoneIsSet() {
    try (var worker = io.taskq.worker.Worker.builder().broker(broker).queues("mail")
        .register(MAIL, (mail, ctx) -> ctx.correlationId()).build().start()) {
      org.slf4j.MDC.put(SpringTaskClient.MDC_TRACE_ID, "trace-1");
      TaskHandle<Object> traced;
      TaskHandle<Object> own;
      try {
        traced = client.submit(MAIL, new Mail("a@example.com"));
        own = client.submit(MAIL, new Mail("b@example.com"),
            io.taskq.TaskOptions.builder().correlationId("request-7").build());
      } finally {
        org.slf4j.MDC.remove(SpringTaskClient.MDC_TRACE_ID);
      }
      assertThat(traced.await(java.time.Duration.ofSeconds(10))).isEqualTo("trace-1");
      assertThat(own.await(java.time.Duration.ofSeconds(10))).isEqualTo("request-7");
    }
  }
}
