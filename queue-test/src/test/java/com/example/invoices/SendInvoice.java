package com.example.invoices;

import io.taskq.Backoff;
import io.taskq.RetryPolicy;
import io.taskq.TaskDefinition;
import java.time.Duration;

public record SendInvoice(String email, long cents) {
  public static final TaskDefinition<SendInvoice> TASK =
      TaskDefinition.of("invoices.send", SendInvoice.class)
          .withQueue("invoices")
          .withRetry(RetryPolicy.builder()
              .maxRetries(2)
              .backoff(Backoff.fixed(Duration.ofMinutes(1)))
              .build());
}
