package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskq.QueueConfig;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.worker.WorkerContractTest.Job;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker JVM killed with SIGKILL mid-task loses nothing: another worker takes the task over. */
class WorkerCrashIT {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Duration LEASE = Duration.ofMillis(1500);
  /** Start-up of the surviving worker's threads and scheduling jitter on a loaded 2-core machine. */
  private static final Duration SLACK = Duration.ofMillis(500);

  @Test
  void taskOfAWorkerKilledMidTaskIsRecoveredWithinLeasePlusAThird() throws Exception {
    TaskqConfig config = TaskqConfig.DEFAULT.withRedis(RedisConfig.DEFAULT.withUrl(REDIS.url()))
        .withQueue(QueueConfig.builder("jobs").lease(LEASE).build());
    Process child = startChildWorker();
    try (TaskClient client = TaskClient.create(
        io.taskq.spi.BrokerFactory.open(config.redis()), config)) {
      CompletableFuture<String> started = firstStartedLine(child);
      TaskHandle h = client.submit(WorkerContractTest.JOB, new Job("survivor", 1));
      assertThat(started.get(30, TimeUnit.SECONDS)).isEqualTo("STARTED " + h.id());

      AtomicLong recoveredAt = new AtomicLong();
      AtomicInteger crashes = new AtomicInteger(-1);
      try (Worker survivor = Worker.builder().config(config).queues("jobs")
          .register(WorkerContractTest.JOB, (job, ctx) -> {
            crashes.set(ctx.crashRecoveries());
            recoveredAt.set(System.nanoTime());
            return "recovered";
          }).build()) {
        survivor.start();
        long killedAt = System.nanoTime();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no requeue, the lease just stops
        child.waitFor(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> recoveredAt.get() != 0);
        Duration recovery = Duration.ofNanos(recoveredAt.get() - killedAt);
        System.out.printf("kill -9 recovery: %d ms (lease %d ms, bound %d ms)%n",
            recovery.toMillis(), LEASE.toMillis(), LEASE.plus(LEASE.dividedBy(3)).toMillis());
        assertThat(recovery).isLessThanOrEqualTo(LEASE.plus(LEASE.dividedBy(3)).plus(SLACK));
        assertThat(crashes).hasValue(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.resultJson(h).isPresent());
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static Process startChildWorker() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashingWorkerMain.class.getName(), REDIS.url(), Long.toString(LEASE.toMillis()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static CompletableFuture<String> firstStartedLine(Process child) {
    return CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("STARTED ")) {
            return line;
          }
        }
        throw new IllegalStateException("child worker exited before starting the task");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
