package io.taskq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every handler shape a user writes compiles without casts (this file is the compile test) and
 * runs as registered: value handlers keep their result, void work keeps none.
 */
class TaskRegistryTest {
  record Greeting(String name) {
    static final TaskDefinition<Greeting> TASK = TaskDefinition.of("test.greet", Greeting.class);

    void check() {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("no name");
      }
    }
  }

  /** A collaborator whose method returns nothing, like a mailer. */
  static final class Mailer {
    final List<String> sent = new ArrayList<>();

    void send(Greeting g) {
      sent.add(g.name());
    }

    void sendChecked(Greeting g) throws IOException {
      sent.add("checked " + g.name());
    }

    String render(Greeting g) {
      sent.add("rendered " + g.name());
      return "rendered";
    }
  }

  static String greet(Greeting g, TaskContext ctx) {
    return "Hello, " + g.name();
  }

  /** Records registrations under a fresh name each time, so one test registers many shapes. */
  static final class Recording implements TaskRegistry {
    final Map<String, TaskHandler<Greeting>> handlers = new LinkedHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <P> TaskRegistry register(TaskDefinition<P> definition, TaskHandler<P> handler) {
      handlers.put("h" + handlers.size(), (TaskHandler<Greeting>) handler);
      return this;
    }

    Object run(String key, Greeting g) throws Exception {
      return handlers.get(key).handle(g, null);
    }
  }

  private final Mailer mailer = new Mailer();
  private final Recording registry = new Recording();

  @Test
  void valueAndVoidLambdasMethodReferencesAndBlocksAllCompileAndRun() throws Exception {
    registry
        .register(Greeting.TASK, (g, ctx) -> "Hello, " + g.name())       // h0 value expression
        .register(Greeting.TASK, g -> mailer.send(g))                    // h1 void call
        .register(Greeting.TASK, mailer::send)                           // h2 void method ref
        .register(Greeting.TASK, TaskRegistryTest::greet)                // h3 value method ref
        .register(Greeting.TASK, g -> {                                  // h4 void block
          mailer.send(g);
        })
        .register(Greeting.TASK, (g, ctx) -> {                           // h5 value block
          mailer.send(g);
          return g.name().length();
        })
        .register(Greeting.TASK, (g, ctx) -> {                           // h6 void with context
          mailer.send(g);
          return null;
        })
        .register(Greeting.TASK, mailer::sendChecked)                    // h7 throws checked
        .register(Greeting.TASK, Greeting::check)                        // h8 payload's method
        .register(Greeting.TASK, g -> mailer.render(g));                 // h9 result dropped

    Greeting ada = new Greeting("Ada");
    assertThat(registry.run("h0", ada)).isEqualTo("Hello, Ada");
    assertThat(registry.run("h1", ada)).isNull();
    assertThat(registry.run("h2", ada)).isNull();
    assertThat(registry.run("h3", ada)).isEqualTo("Hello, Ada");
    assertThat(registry.run("h4", ada)).isNull();
    assertThat(registry.run("h5", ada)).isEqualTo(3);
    assertThat(registry.run("h6", ada)).isNull();
    assertThat(registry.run("h7", ada)).isNull();
    assertThat(registry.run("h8", ada)).isNull();
    assertThat(registry.run("h9", ada)).isNull();
    assertThat(mailer.sent).containsExactly("Ada", "Ada", "Ada", "Ada", "Ada", "checked Ada",
        "rendered Ada");
  }

  @Test
  void voidWorkThatThrowsFailsTheAttempt() {
    registry.register(Greeting.TASK, Greeting::check);

    assertThatThrownBy(() -> registry.run("h0", new Greeting("")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no name");
  }
}
