package io.taskq.worker;

import io.taskq.QueueConfig;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import java.time.Duration;

/**
 * A worker process for {@link WorkerCrashIT}: runs {@code test.job} tasks on queue {@code jobs},
 * prints {@code STARTED <id>} when a handler starts and then never finishes it.
 *
 * <p>Arguments: Redis URL, lease in milliseconds.
 */
public final class CrashingWorkerMain {
  private CrashingWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    TaskqConfig config = TaskqConfig.DEFAULT.withRedis(RedisConfig.DEFAULT.withUrl(args[0]))
        .withQueue(QueueConfig.builder("jobs").lease(Duration.ofMillis(Long.parseLong(args[1])))
            .build());
    Worker worker = Worker.builder().config(config).queues("jobs")
        .register(WorkerContractTest.JOB, (job, ctx) -> {
          System.out.println("STARTED " + ctx.id());
          System.out.flush();
          new java.util.concurrent.CountDownLatch(1).await(); // until the process is killed
          return null;
        })
        .build();
    worker.start();
    worker.awaitTermination();
  }
}
