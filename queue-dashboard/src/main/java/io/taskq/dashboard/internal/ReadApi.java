package io.taskq.dashboard.internal;

import io.taskq.DeadFilter;
import io.taskq.Inspector;
import io.taskq.TaskInfo;
import io.taskq.TaskState;
import io.taskq.dashboard.DashboardOptions;
import io.taskq.dashboard.internal.Views.QueueView;
import io.taskq.dashboard.internal.Views.ScheduleView;
import io.taskq.dashboard.internal.Views.TaskView;
import io.taskq.dashboard.internal.Views.WorkerView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The GET endpoints: queues, task pages, a task, workers, schedules, chart history. */
final class ReadApi {
  static final int MAX_PAGE = 200;
  /**
   * Deepest position a page of a live state may start at: the inspector reads those states
   * from their head, so a far page costs every page before it.
   */
  static final int MAX_SCAN = 10_000;

  private final Inspector inspector;
  private final Queues queues;
  private final Sampler sampler;
  private final DashboardOptions options;

  ReadApi(Inspector inspector, Queues queues, Sampler sampler, DashboardOptions options) {
    this.inspector = inspector;
    this.queues = queues;
    this.sampler = sampler;
    this.options = options;
  }

  /** {@code GET /api/queues}: every queue (configured or used) with its figures. */
  void queues(Exchange ex) throws IOException {
    List<QueueView> out = new ArrayList<>();
    for (String q : inspector.queues()) {
      out.add(sampler.view(inspector.stats(q)));
    }
    ex.json(200, Map.of("queues", out));
  }

  /** {@code GET /api/queues/{queue}}. */
  void queue(Exchange ex, String queue) throws IOException {
    ex.json(200, sampler.view(inspector.stats(queues.require(queue))));
  }

  /**
   * {@code GET /api/queues/{queue}/tasks?state=dead&offset=0&limit=50&task=NAME&id=ID}: one page
   * of a state, newest figures; {@code hasMore} tells whether another page follows.
   */
  void tasks(Exchange ex, String queue) throws IOException {
    String q = queues.require(queue);
    String stateWord = ex.param("state");
    TaskState state = Queues.state(stateWord == null ? "pending" : stateWord);
    int offset = ex.intParam("offset", 0, 0, MAX_SCAN);
    int limit = ex.intParam("limit", 50, 1, MAX_PAGE);
    String task = ex.param("task");
    String id = ex.param("id");
    List<TaskInfo> found;
    if (id != null) {
      Optional<TaskInfo> t = inspector.task(Queues.requireId(id));
      found = t.filter(i -> i.queue().equals(q) && i.state() == state)
          .filter(i -> task == null || i.taskName().equals(task)).stream().toList();
      found = offset == 0 ? found : List.of();
    } else if (state == TaskState.DEAD) {
      found = inspector.dead(q, new DeadFilter(Set.of(), task, null, null), offset, limit + 1);
    } else {
      found = inspector.tasks(q, state, MAX_SCAN).stream()
          .filter(i -> task == null || i.taskName().equals(task))
          .skip(offset).limit(limit + 1L).toList();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("queue", q);
    body.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    body.put("offset", offset);
    body.put("limit", limit);
    body.put("hasMore", found.size() > limit);
    body.put("tasks", found.stream().limit(limit).map(TaskView::summary).toList());
    ex.json(200, body);
  }

  /** {@code GET /api/tasks/{id}}: the detail (attempts, errors, result when shown). */
  void task(Exchange ex, String id) throws IOException {
    TaskInfo t = inspector.task(Queues.requireId(id))
        .orElseThrow(() -> HttpError.notFound("no task " + id + " in any queue (finished tasks"
            + " are kept for their queue's resultTtl)"));
    ex.json(200, TaskView.detail(t, options.showResults(), options.resultLimit()));
  }

  /** {@code GET /api/workers}. */
  void workers(Exchange ex) throws IOException {
    ex.json(200, Map.of("workers", inspector.workers().stream().map(WorkerView::of).toList()));
  }

  /** {@code GET /api/schedules}: as {@code taskq inspect schedules --json}. */
  void schedules(Exchange ex) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leaderId", inspector.beatLeader().orElse(null));
    body.put("schedules", inspector.schedules().stream().map(ScheduleView::of).toList());
    ex.json(200, body);
  }

  /** {@code GET /api/history}: the samples the charts start from. */
  void history(Exchange ex) throws IOException {
    ex.json(200, Map.of("samples", sampler.history()));
  }
}
