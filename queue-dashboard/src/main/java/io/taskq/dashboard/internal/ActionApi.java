package io.taskq.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskq.DeadFilter;
import io.taskq.Inspector;
import io.taskq.TaskInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POST endpoints: pause and resume a queue, replay and delete dead tasks (by ids, by task
 * name and error class, or all). Each is logged once with who asked, what and how many tasks,
 * never with a payload.
 */
final class ActionApi {
  private static final Logger audit = LoggerFactory.getLogger("io.taskq.dashboard.audit");
  /** Dead tasks read per page of a filtered action. */
  static final int PAGE = 500;
  /** Most ids one request may name. */
  static final int MAX_IDS = 1000;

  private final Inspector inspector;
  private final Queues queues;

  ActionApi(Inspector inspector, Queues queues) {
    this.inspector = inspector;
    this.queues = queues;
  }

  /** {@code POST /api/queues/{queue}/pause} or {@code .../resume}. */
  void pause(Exchange ex, String queue, boolean paused) throws IOException {
    String q = queues.require(queue);
    if (paused) {
      inspector.pause(q);
    } else {
      inspector.resume(q);
    }
    audit.info("Dashboard: {} {} queue {}", ex.who(), paused ? "paused" : "resumed", q);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("queue", q);
    body.put("paused", paused);
    ex.json(200, body);
  }

  /**
   * {@code POST /api/queues/{queue}/dlq/replay|delete} with {@code {"ids": [...]}},
   * {@code {"task": NAME, "errorClass": CLASS}} or {@code {"all": true}}.
   */
  void dlq(Exchange ex, String queue, boolean replay) throws IOException {
    String q = queues.require(queue);
    Selection sel = Selection.of(Json.parse(ex.body()));
    long matched;
    long done;
    if (!sel.ids().isEmpty()) {
      matched = sel.ids().size();
      done = replay ? replayIds(q, sel.ids()) : inspector.deleteDead(q, List.copyOf(sel.ids()));
    } else {
      long[] r = replay ? replayMatching(q, sel.filter()) : deleteMatching(q, sel.filter());
      matched = r[0];
      done = r[1];
    }
    String verb = replay ? "replayed" : "deleted";
    audit.info("Dashboard: {} {} {} of {} matching dead task(s) of queue {} ({})", ex.who(), verb,
        done, matched, q, sel.describe());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("queue", q);
    body.put("matched", matched);
    body.put(verb, done);
    ex.json(200, body);
  }

  private long replayIds(String q, Set<String> ids) {
    long n = 0;
    for (String id : ids) {
      if (inspector.replay(q, id)) {
        n++;
      }
    }
    return n;
  }

  /** Replays page by page from the head; tasks that cannot be replayed are stepped over. */
  private long[] replayMatching(String q, DeadFilter filter) {
    long matched = 0;
    long replayed = 0;
    int skip = 0;
    while (true) {
      List<TaskInfo> page = inspector.dead(q, filter, skip, PAGE);
      if (page.isEmpty()) {
        return new long[] {matched, replayed};
      }
      for (TaskInfo t : page) {
        matched++;
        if (inspector.replay(q, t.id())) {
          replayed++;
        } else {
          skip++;
        }
      }
    }
  }

  private long[] deleteMatching(String q, DeadFilter filter) {
    long matched = 0;
    long deleted = 0;
    int skip = 0;
    while (true) {
      List<TaskInfo> page = inspector.dead(q, filter, skip, PAGE);
      if (page.isEmpty()) {
        return new long[] {matched, deleted};
      }
      matched += page.size();
      long n = inspector.deleteDead(q, page.stream().map(TaskInfo::id).toList());
      deleted += n;
      skip += (int) (page.size() - n); // gone meanwhile or kept: do not read them again
    }
  }

  /** Which dead tasks an action applies to. */
  record Selection(Set<String> ids, DeadFilter filter, boolean all) {

    static Selection of(JsonNode body) {
      if (!body.isObject()) {
        throw HttpError.badRequest("the body must be a JSON object");
      }
      Set<String> ids = new LinkedHashSet<>();
      JsonNode idsNode = body.path("ids");
      if (!idsNode.isMissingNode() && !idsNode.isNull()) {
        if (!idsNode.isArray() || idsNode.size() > MAX_IDS) {
          throw HttpError.badRequest("ids must be an array of at most " + MAX_IDS + " ids");
        }
        for (JsonNode id : idsNode) {
          if (!id.isTextual()) {
            throw HttpError.badRequest("ids must be strings");
          }
          ids.add(Queues.requireId(id.asText()));
        }
      }
      String task = text(body, "task");
      String errorClass = text(body, "errorClass");
      boolean all = body.path("all").asBoolean(false);
      int modes = (ids.isEmpty() ? 0 : 1) + (task != null || errorClass != null ? 1 : 0)
          + (all ? 1 : 0);
      if (modes != 1) {
        throw HttpError.badRequest("give exactly one of: ids, task and/or errorClass, all: true");
      }
      return new Selection(ids, new DeadFilter(Set.of(), task, errorClass, null), all);
    }

    private static @Nullable String text(JsonNode body, String field) {
      JsonNode n = body.path(field);
      if (n.isMissingNode() || n.isNull()) {
        return null;
      }
      if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 200) {
        throw HttpError.badRequest(field + " must be a non-empty string of at most 200"
            + " characters");
      }
      return n.asText().trim();
    }

    /** For the audit log: how the tasks were chosen, never their contents. */
    String describe() {
      if (!ids.isEmpty()) {
        return ids.size() + " id(s)";
      }
      if (all) {
        return "all";
      }
      List<String> parts = new ArrayList<>();
      if (filter.task() != null) {
        parts.add("task=" + filter.task());
      }
      if (filter.errorClass() != null) {
        parts.add("errorClass=" + filter.errorClass());
      }
      return String.join(" ", parts);
    }
  }
}
