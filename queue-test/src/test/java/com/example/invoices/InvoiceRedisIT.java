package com.example.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import io.taskq.test.redis.RedisServerExtension;
import io.taskq.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InvoiceRedisIT {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void aWorkerOnRedisSendsTheInvoice() {
    TaskqConfig config = TaskqConfig.DEFAULT.withRedis(RedisConfig.DEFAULT.withUrl(REDIS.url()));
    try (Broker broker = BrokerFactory.open(config.redis());
        TaskClient client = TaskClient.create(broker, config)) {
      TaskHandle handle = client.submit(SendInvoice.TASK,
          new SendInvoice("ada@example.com", 4200));

      Worker.builder().broker(broker).config(config).module(new InvoiceTasks()).build()
          .runUntilIdle(); // runs what is pending, then stops

      assertThat(client.resultJson(handle)).contains("\"sent to ada@example.com\"");
    }
  }
}
