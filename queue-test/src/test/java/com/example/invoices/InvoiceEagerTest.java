package com.example.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.TaskHandle;
import io.taskq.test.EagerTaskClient;
import org.junit.jupiter.api.Test;

class InvoiceEagerTest {
  @Test
  void theResultIsThereWhenSubmitReturns() {
    try (EagerTaskClient client = EagerTaskClient.create(new InvoiceTasks())) {
      TaskHandle handle = client.submit(SendInvoice.TASK,
          new SendInvoice("ada@example.com", 4200));

      assertThat(client.resultJson(handle)).contains("\"sent to ada@example.com\"");
    }
  }
}
