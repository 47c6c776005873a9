package io.taskq.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.Inspector;
import io.taskq.TaskInfo;
import io.taskq.WorkflowInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code taskq chain get ID} and {@code taskq group get ID}: one chain or group. */
public final class WorkflowCommand {
  /** Members whose state is looked up when they have no result yet; beyond, "unfinished". */
  static final int LOOKUPS = 100;

  private WorkflowCommand() {}

  /** {@code taskq chain}. */
  @Command(name = "chain", mixinStandardHelpOptions = true, description = "One chain.",
      subcommands = ChainGet.class)
  public static final class Chain extends GroupCommand {}

  /** {@code taskq group}. */
  @Command(name = "group", mixinStandardHelpOptions = true,
      description = "One group or chord.", subcommands = GroupGet.class)
  public static final class Group extends GroupCommand {}

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Shows a chain: its state (running, succeeded, failed), its steps with their"
          + " states and results, the failed step, and the final result. Exit 1 when unknown.")
  static final class ChainGet extends Get {
    ChainGet() {
      super(WorkflowInfo.Kind.CHAIN);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Shows a group: its state (running, succeeded, failed), its members with"
          + " their states and results, the first failed member, and its body. Exit 1 when"
          + " unknown.")
  static final class GroupGet extends Get {
    GroupGet() {
      super(WorkflowInfo.Kind.GROUP);
    }
  }

  abstract static class Get extends ConnectedCommand {
    private final WorkflowInfo.Kind kind;

    @Parameters(index = "0", paramLabel = "ID") String id;

    @Option(names = "--json", description = "one JSON object")
    boolean json;

    Get(WorkflowInfo.Kind kind) {
      this.kind = kind;
    }

    @Override
    public Integer call() throws Exception {
      String name = kind.name().toLowerCase(Locale.ROOT);
      return withInspector(oneShotConfig(), (inspector, broker) -> {
        Optional<WorkflowInfo> found = inspector.workflow(id);
        if (found.isEmpty() || found.get().kind() != kind) {
          spec.commandLine().getErr().println("taskq: " + name + " " + id + " not found"
              + (found.isPresent() ? " (it is a " + found.get().kind().name()
                  .toLowerCase(Locale.ROOT) + ")" : " (a " + name + " is kept 7 days after its"
                  + " last change)"));
          return ExitCodes.FAILED;
        }
        Map<String, Object> view = view(found.get(), inspector);
        if (json) {
          Output.json(out(), view);
        } else {
          print(out(), view);
        }
        return ExitCodes.OK;
      });
    }
  }

  /** The workflow as printed: the field names of docs/cli.md, states lowercase. */
  static Map<String, Object> view(WorkflowInfo w, Inspector inspector) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", w.id());
    v.put("kind", lower(w.kind().name()));
    v.put("state", lower(w.state().name()));
    v.put("createdAt", w.createdAt());
    if (w.finishedAt() != null) {
      v.put("finishedAt", w.finishedAt());
    }
    v.put("size", w.members().size());
    v.put("succeeded", w.succeeded());
    List<Map<String, Object>> members = new ArrayList<>();
    int lookups = 0;
    for (int i = 0; i < w.members().size(); i++) {
      WorkflowInfo.Member m = w.members().get(i);
      Map<String, Object> mv = new LinkedHashMap<>();
      mv.put("index", i);
      mv.put("id", m.id());
      mv.put("task", m.task());
      mv.put("queue", m.queue());
      String state;
      if (m.result() != null) {
        state = "succeeded";
      } else if (w.failure() != null && w.failure().index() == i) {
        state = lower(w.failure().state().name());
      } else if (lookups++ < LOOKUPS) {
        state = inspector.task(m.id()).map(TaskInfo::state).map(s -> lower(s.name()))
            .orElse(w.kind() == WorkflowInfo.Kind.CHAIN ? "not submitted" : "unknown");
      } else {
        state = "unfinished";
      }
      mv.put("state", state);
      if (m.result() != null) {
        mv.put("result", Output.tree(m.result()));
      }
      members.add(mv);
    }
    v.put("members", members);
    if (w.state() == WorkflowInfo.State.SUCCEEDED) {
      v.put("result", w.kind() == WorkflowInfo.Kind.CHAIN
          ? Output.tree(w.members().get(w.members().size() - 1).result())
          : w.members().stream().map(m -> Output.tree(m.result())).toList());
    }
    WorkflowInfo.Failure f = w.failure();
    if (f != null) {
      Map<String, Object> fv = new LinkedHashMap<>();
      fv.put("index", f.index());
      fv.put("id", w.members().get(f.index()).id());
      fv.put("task", w.members().get(f.index()).task());
      fv.put("state", lower(f.state().name()));
      if (f.error() != null) {
        fv.put("error", Map.of("type", f.error().type(), "message", f.error().message()));
      }
      v.put("failed", fv);
    }
    callback(v, "body", w.body(), inspector);
    callback(v, "errback", w.errback(), inspector);
    return v;
  }

  private static void callback(Map<String, Object> v, String name,
      WorkflowInfo.@Nullable Member m, Inspector inspector) {
    if (m == null) {
      return;
    }
    Map<String, Object> cv = new LinkedHashMap<>();
    cv.put("id", m.id());
    cv.put("task", m.task());
    cv.put("queue", m.queue());
    Optional<TaskInfo> t = inspector.task(m.id());
    cv.put("state", t.map(i -> lower(i.state().name())).orElse("not submitted"));
    t.map(TaskInfo::resultJson).map(Output::tree).ifPresent(r -> cv.put("result", r));
    v.put(name, cv);
  }

  private static void print(PrintWriter out, Map<String, Object> v) {
    for (String k : List.of("id", "kind", "state", "createdAt", "finishedAt", "size",
        "succeeded")) {
      if (v.containsKey(k)) {
        out.println(pad(k) + v.get(k));
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (Object o : (List<?>) v.getOrDefault("members", List.of())) {
      Map<?, ?> m = (Map<?, ?>) o;
      Object r = m.get("result");
      rows.add(List.of(String.valueOf(m.get("index")), String.valueOf(m.get("id")),
          String.valueOf(m.get("task")), String.valueOf(m.get("queue")),
          String.valueOf(m.get("state")), r == null ? "" : r.toString()));
    }
    out.println();
    Output.table(out, List.of("#", "ID", "TASK", "QUEUE", "STATE", "RESULT"), rows);
    out.println();
    for (String k : List.of("result", "failed", "body", "errback")) {
      if (v.containsKey(k)) {
        out.println(pad(k) + text(v.get(k)));
      }
    }
    out.flush();
  }

  private static String text(Object value) {
    if (value instanceof JsonNode n) {
      return n.toString();
    }
    if (value instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder();
      m.forEach((k, x) -> sb.append(sb.isEmpty() ? "" : "  ").append(k).append('=')
          .append(text(x)));
      return sb.toString();
    }
    return String.valueOf(value);
  }

  private static String pad(String label) {
    return String.format(Locale.ROOT, "%-11s", label);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
