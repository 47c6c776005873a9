package com.example.invoices;

import static io.taskq.test.TaskqAssertions.assertThat;

import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.test.Taskq;
import io.taskq.test.TaskqTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@TaskqTest(modules = InvoiceTasks.class)
class InvoiceTasksTest {
  Taskq taskq;

  @Test
  void sendsAnInvoice() {
    TaskHandle handle = taskq.client().submit(SendInvoice.TASK,
        new SendInvoice("ada@example.com", 4200));

    taskq.runUntilIdle();

    assertThat(taskq).task(handle).isSucceeded().hasResultJson("\"sent to ada@example.com\"");
  }

  @Test
  void deadLettersAnInvoiceWithoutAddressAfterTwoRetries() {
    TaskHandle handle = taskq.client().submit(SendInvoice.TASK, new SendInvoice("", 4200));

    taskq.runUntilIdle(); // the first attempt fails; the retry waits one minute
    assertThat(taskq).queue("invoices").hasRetrying(1).hasDead(0);

    taskq.advance(Duration.ofMinutes(1)).runUntilIdle(); // retry 1 fails
    taskq.advance(Duration.ofMinutes(1)).runUntilIdle(); // retry 2 fails: no retry left

    assertThat(taskq).queue("invoices").hasDead(1).hasNothingLeftToRun();
    assertThat(taskq).task(handle).isDead().hasRetries(2)
        .failedWith(IllegalArgumentException.class);
  }

  @Test
  void sendsAScheduledInvoiceWhenItsCountdownEnds() {
    taskq.client().submit(SendInvoice.TASK, new SendInvoice("ada@example.com", 4200),
        TaskOptions.builder().countdown(Duration.ofHours(1)).build());

    taskq.runUntilIdle();
    assertThat(taskq).queue("invoices").hasScheduled(1).hasSucceeded(0);

    taskq.advance(Duration.ofHours(1)).runUntilIdle();
    assertThat(taskq).queue("invoices").hasScheduled(0).hasSucceeded(1);
  }
}
