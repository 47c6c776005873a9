package com.example.invoices;

import io.taskq.TaskModule;
import io.taskq.TaskRegistry;

public final class InvoiceTasks implements TaskModule {
  @Override
  public void register(TaskRegistry registry) {
    registry.register(SendInvoice.TASK, (invoice, ctx) -> {
      if (invoice.email().isBlank()) {
        throw new IllegalArgumentException("no e-mail address");
      }
      return "sent to " + invoice.email();
    });
  }
}
