package io.taskq.worker;

import io.taskq.TaskDefinition;
import io.taskq.TaskModule;
import io.taskq.worker.internal.Handlers;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The task definitions a set of {@link TaskModule}s registers (for the launcher: its bundled
 * modules and the {@code --classpath} jars), for checks made before anything is submitted or
 * started: a task name that does not exist, a queue no definition names. Registers exactly as a
 * {@link Worker} does, so a duplicate task name fails here with the worker's message.
 */
public final class RegisteredTasks {
  private final Handlers handlers = new Handlers();

  /**
   * @throws io.taskq.ConfigException when two modules register the same task name
   */
  public RegisteredTasks(List<TaskModule> modules) {
    modules.forEach(handlers::module);
  }

  /** The definition registered under {@code name}. */
  public Optional<TaskDefinition<?>> find(String name) {
    return handlers.find(name).map(Handlers.Registration::definition);
  }

  /** The registered task names. */
  public Set<String> names() {
    return new TreeSet<>(handlers.all().keySet());
  }

  /** The queues the registered definitions name ({@code withQueue}). */
  public Set<String> queues() {
    Set<String> queues = new TreeSet<>();
    handlers.all().values().forEach(r -> queues.add(r.definition().queue()));
    return queues;
  }

  /** Up to three registered names closest to {@code name} by edit distance, closest first. */
  public List<String> closest(String name) {
    return handlers.all().keySet().stream()
        .sorted(Comparator.comparingInt((String n) -> distance(n, name))
            .thenComparing(Comparator.naturalOrder()))
        .limit(3).toList();
  }

  /** How many tasks are registered. */
  public int size() {
    return handlers.all().size();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
