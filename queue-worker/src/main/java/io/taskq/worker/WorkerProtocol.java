package io.taskq.worker;

import io.taskq.ConfigException;
import io.taskq.TaskModule;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A wire protocol a worker serves besides taskq's own, chosen with
 * {@code taskq worker --protocol NAME} and found with {@link ServiceLoader} (list the class in
 * {@code META-INF/services/io.taskq.worker.WorkerProtocol}; it needs a public no-argument
 * constructor). A protocol changes two things: how registered handlers are called
 * ({@link #adapt}) and what feeds the worker's queues ({@link #start}); claims, leases, retries,
 * the DLQ and metrics stay taskq's.
 */
public interface WorkerProtocol {

  /** The name {@code --protocol} takes, e.g. {@code celery}. */
  String name();

  /**
   * The modules to register instead of {@code modules}: the same task names, with handlers that
   * speak this protocol. Called once, before the worker is built.
   *
   * @throws ConfigException if a module cannot be served under this protocol
   */
  List<TaskModule> adapt(List<TaskModule> modules, TaskqConfig config);

  /**
   * Starts feeding {@code queues} (e.g. moving another system's messages into them). Called after
   * the worker is built and before it starts; the returned handle is closed after the worker
   * stopped, before the broker closes.
   *
   * @param taskNames the task names the adapted modules registered
   */
  AutoCloseable start(Broker broker, TaskqConfig config, List<String> queues,
      Set<String> taskNames);

  /**
   * The protocol named {@code name} among those the class loader lists.
   *
   * @throws ConfigException naming the protocols found when none has that name
   */
  static WorkerProtocol find(String name, ClassLoader loader) {
    List<String> names = new ArrayList<>();
    for (WorkerProtocol p : ServiceLoader.load(WorkerProtocol.class, loader)) {
      if (p.name().equals(name)) {
        return p;
      }
      names.add(p.name());
    }
    throw new ConfigException("--protocol " + name + ": no such protocol on the class path"
        + " (found: taskq" + (names.isEmpty() ? "" : ", " + String.join(", ", names))
        + "); put the jar that provides it (e.g. queue-celery) on --classpath");
  }
}
