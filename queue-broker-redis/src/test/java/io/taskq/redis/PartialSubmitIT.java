package io.taskq.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taskq.BrokerRefusedException;
import io.taskq.PartialSubmitException;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.config.RedisConfig;
import io.taskq.config.TaskqConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bulk submission against a Redis that runs out of memory part-way ({@code noeviction}). */
class PartialSubmitIT {
  @RegisterExtension static final RedisServerExtension REDIS =
      new RedisServerExtension("--maxmemory-policy", "noeviction");

  private static final int TASKS = 20_000;
  private static final TaskOptions OOM = TaskOptions.builder().queue("oom").build();

  private Broker broker;
  private TaskClient client;

  @BeforeEach
  void setUp() {
    REDIS.server().cli("FLUSHALL");
    broker = RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).build();
    client = TaskClient.create(broker, TaskqConfig.DEFAULT);
    broker.counts("oom"); // connect and load what the broker needs before memory is short
  }

  @AfterEach
  void tearDown() {
    REDIS.server().cli("CONFIG", "SET", "maxmemory", "0");
    broker.close();
  }

  @Test
  void aBatchRefusedForMemoryNamesTheEnqueuedTasksAndTheRestCompletesWithoutDuplicates() {
    // room for a few of the 1,000-task batches (each ~0.6 MB), not for 20,000 tasks
    long used = Long.parseLong(REDIS.server().cli("INFO", "memory").lines()
        .filter(l -> l.startsWith("used_memory:")).findFirst().orElseThrow().substring(12).trim());
    REDIS.server().cli("CONFIG", "SET", "maxmemory", Long.toString(used + 3 * 1024 * 1024));
    List<String> args = Collections.nCopies(TASKS, "{\"pad\":\"" + "x".repeat(500) + "\"}");

    PartialSubmitException e = catchThrowableOfType(PartialSubmitException.class,
        () -> client.submitAllJson("test.pad", args, OOM));

    int n = e.accepted().size();
    assertThat(n).isPositive().isLessThan(TASKS);
    assertThat(n % Broker.MAX_BATCH).isZero();
    assertThat(e.requested()).isEqualTo(TASKS);
    assertThat(e).hasMessageStartingWith("refused by Redis after " + n + " of " + TASKS
        + " tasks: ").hasMessageContaining("OOM command not allowed");
    assertThat(e.getCause()).isInstanceOf(BrokerRefusedException.class)
        .hasMessageContaining("out of memory");
    assertThat(broker.counts("oom").pending()).isEqualTo(n);
    assertThat(e.notConfirmed()).hasSize(TASKS - n);
    assertThat(broker.find("oom", e.accepted().get(n - 1).id())).isPresent();
    assertThat(broker.find("oom", e.notConfirmed().get(0).id())).isEmpty();

    // memory full (a batch's own arguments count while it is read): one task is refused too
    REDIS.server().cli("CONFIG", "SET", "maxmemory", "1");
    assertThat(catchThrowableOfType(BrokerRefusedException.class,
        () -> client.submitJson("test.pad", "{}", OOM))).hasMessageContaining("refused enqueue");

    // memory freed: the rest is submitted with the ids chosen for it, and a repeat adds nothing
    REDIS.server().cli("CONFIG", "SET", "maxmemory", "0");
    List<TaskHandle<Object>> rest = e.notConfirmed().subList(0, 50);
    for (int i = 0; i < rest.size(); i++) {
      client.submitJson("test.pad", args.get(n + i), OOM.toBuilder().id(rest.get(i).id()).build());
    }
    client.submitJson("test.pad", args.get(0), OOM.toBuilder().id(e.accepted().get(0).id())
        .build());
    assertThat(broker.counts("oom").pending()).isEqualTo(n + 50);
  }
}
