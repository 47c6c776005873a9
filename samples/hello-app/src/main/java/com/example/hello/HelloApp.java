package com.example.hello;

import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.WaitTimeoutException;
import io.taskq.config.ConfigLoader;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerFactory;
import java.time.Duration;

/** Submits one greeting, then prints its result once a worker has run it (exit 1 after 30 s). */
public final class HelloApp {
  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "world";
    TaskqConfig config = ConfigLoader.create().load(); // $TASKQ_CONFIG or ./taskq.yaml, TASKQ_*
    try (Broker broker = BrokerFactory.open(config.redis());
         TaskClient client = TaskClient.create(broker, config)) {
      TaskHandle<String> handle = client.submit(Greeting.TASK, new Greeting(name));
      System.out.println("submitted " + handle.id() + " to queue " + handle.queue());
      String greeting = handle.await(Duration.ofSeconds(30)); // woken by Redis, no polling
      System.out.println("result " + greeting);
    } catch (WaitTimeoutException e) {
      System.err.println("no result within 30 s: is a worker running on queue hello?");
      System.exit(1);
    }
  }
}
