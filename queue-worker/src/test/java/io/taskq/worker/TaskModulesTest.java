package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.ConfigException;
import io.taskq.TaskDefinition;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;
import io.taskq.config.TaskqConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules listed in META-INF/services load, and every broken entry is one line naming it. */
class TaskModulesTest {
  /** A module the services file may name. */
  public static final class Good implements TaskModule {
    record Args(String x) {}

    @Override
    public void register(TaskRegistry registry) {
      registry.register(TaskDefinition.of("good.task", Args.class).withQueue("good"),
          (a, ctx) -> null);
    }
  }

  /** No public no-argument constructor. */
  public static final class NeedsArgs implements TaskModule {
    public NeedsArgs(String unused) {}

    @Override
    public void register(TaskRegistry registry) {}
  }

  @TempDir Path dir;

  private List<TaskModule> load(String services) throws Exception {
    Path file = dir.resolve(TaskModules.SERVICES);
    Files.createDirectories(file.getParent());
    Files.writeString(file, services);
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      t.setContextClassLoader(loader);
      return TaskModules.serviceLoader().forConfig(TaskqConfig.DEFAULT);
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  @Test
  void loadsTheListedModulesSkippingCommentsAndRepeats() throws Exception {
    String good = Good.class.getName();
    List<TaskModule> modules = load("# tasks\n" + good + "  # the good one\n\n" + good + "\n");

    assertThat(modules).hasSize(1).first().isInstanceOf(Good.class);
    RegisteredTasks tasks = new RegisteredTasks(modules);
    assertThat(tasks.names()).containsExactly("good.task");
    assertThat(tasks.queues()).containsExactly("good");
  }

  @Test
  void aBrokenEntryIsOneLineNamingTheJarAndTheClass() {
    String where = dir + ": " + TaskModules.SERVICES + " names ";
    assertThatThrownBy(() -> load("com.acme.Missing\n")).isInstanceOf(ConfigException.class)
        .hasMessage(where + "com.acme.Missing, which is not on the class path (check the"
            + " spelling and that the jar holds the class)");
    assertThatThrownBy(() -> load("java.lang.String\n"))
        .hasMessage(where + "java.lang.String, which does not implement io.taskq.TaskModule");
    assertThatThrownBy(() -> load(NeedsArgs.class.getName()))
        .hasMessage(where + NeedsArgs.class.getName() + ", which is not a public class with a"
            + " public no-argument constructor");
  }

  @Test
  void closestNamesComeByEditDistance() {
    RegisteredTasks tasks = new RegisteredTasks(List.of(registry -> {
      for (String n : List.of("email.send", "email.digest", "report.render", "probe.sleep")) {
        registry.register(TaskDefinition.of(n, String.class), (a, ctx) -> null);
      }
    }));

    assertThat(tasks.closest("email.snd")).startsWith("email.send", "email.digest");
    assertThat(RegisteredTasks.distance("kitten", "sitting")).isEqualTo(3);
  }
}
