package com.example.hello;

import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.config.ConfigLoader;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Submits one greeting, then prints its result once a worker has run it (exit 1 after 30 s). */
public final class HelloApp {
  public static void main(String[] args) throws InterruptedException {
    String name = args.length > 0 ? args[0] : "world";
    TaskqConfig config = ConfigLoader.create().load(); // $TASKQ_CONFIG or ./taskq.yaml, TASKQ_*
    Optional<String> result;
    try (Broker broker = BrokerFactory.open(config.redis());
         TaskClient client = TaskClient.create(broker, config)) {
      TaskHandle handle = client.submit(Greeting.TASK, new Greeting(name));
      System.out.println("submitted " + handle.id() + " to queue " + handle.queue());
      result = awaitResult(client, handle, Duration.ofSeconds(30));
    }
    if (result.isEmpty()) {
      System.err.println("no result within 30 s: is a worker running on queue hello?");
      System.exit(1);
    }
    System.out.println("result " + result.get());
  }

  /** The task's result as JSON text, once it has one. */
  static Optional<String> awaitResult(TaskClient client, TaskHandle handle, Duration max)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(max);
    Optional<String> result = client.resultJson(handle);
    while (result.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      result = client.resultJson(handle);
    }
    return result;
  }
}
