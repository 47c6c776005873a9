package io.taskq.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskq.Step;
import io.taskq.SubmitInterceptor;
import io.taskq.TaskClient;
import io.taskq.TaskHandle;
import io.taskq.TaskOptions;
import io.taskq.TaskqException;
import io.taskq.WorkflowHandle;
import io.taskq.WorkflowInfo;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.NewTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Submits chains and groups, and builds the tasks their links submit later. A workflow's record
 * is stored before its first task, so every settle finds it; its tasks' ids are fixed up front,
 * so a follow-up submitted twice (a worker died after submitting it, before removing its entry)
 * is stored once. Thread-safe.
 */
public final class Workflows {
  /** How long a workflow record is kept after its last change. */
  public static final Duration TTL = Duration.ofDays(7);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Broker broker;
  private final TaskqConfig config;
  private final EnvelopeCodec codec;
  private final Clock clock;
  private final ShardPicker shards;
  private final List<SubmitInterceptor> interceptors;

  /** For the tasks that workers submit from stored links: their headers are stored already. */
  public Workflows(Broker broker, TaskqConfig config, EnvelopeCodec codec, Clock clock) {
    this(broker, config, codec, clock, List.of());
  }

  /**
   * For a client: every task of a workflow, and every callback, gets the headers the client's
   * submit {@code interceptors} add (a trace context) when the workflow is submitted, also the
   * tasks that are stored later.
   */
  public Workflows(Broker broker, TaskqConfig config, EnvelopeCodec codec, Clock clock,
      List<SubmitInterceptor> interceptors) {
    this.broker = broker;
    this.config = config;
    this.codec = codec;
    this.clock = clock;
    this.shards = new ShardPicker(config);
    this.interceptors = List.copyOf(interceptors);
  }

  /**
   * The physical queue of a step's task: on a sharded queue the shard of its shard key, unique
   * key or id (so every place that names the task agrees without being told).
   */
  private String queueOf(Step step, String id) {
    return shards.pick(step.queue(), step.options(), id);
  }

  /** See {@link io.taskq.TaskClient#chain}. */
  public WorkflowHandle chain(List<Step> steps, TaskClient client) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one step");
    }
    String id = TaskIds.next(clock);
    List<String> ids = ids(steps.size());
    Links.Spec next = null;
    for (int i = steps.size() - 1; i >= 0; i--) {
      Links own = callbacks(steps.get(i).options());
      List<Links.Spec> onSuccess = new ArrayList<>(own.onSuccess());
      if (next != null) {
        onSuccess.add(0, next);
      }
      next = spec(steps.get(i), ids.get(i),
          new Links(new Links.Member(id, i), null, onSuccess, own.onFailure()));
    }
    create(id, "chain", steps, ids, Map.of());
    broker.enqueue(List.of(newTask(Objects.requireNonNull(next), firstArgs(steps.get(0)),
        false)));
    return new WorkflowHandle(id, WorkflowInfo.Kind.CHAIN, handles(steps, ids, client, true),
        null);
  }

  /** See {@link io.taskq.TaskClient#chord}. */
  public WorkflowHandle group(List<Step> members, @Nullable Step body, @Nullable Step errback,
      TaskClient client) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one member");
    }
    String id = TaskIds.next(clock);
    List<String> ids = ids(members.size());
    Map<String, String> extra = new LinkedHashMap<>();
    TaskHandle<Object> bodyHandle = null;
    if (body != null) {
      Links.Spec b = spec(body, TaskIds.next(clock), callbacks(body.options()));
      extra.put("body", b.toJson());
      bodyHandle = new TaskHandle<>(b.id(), b.queue(), client, Object.class, true);
    }
    if (errback != null) {
      extra.put("errback", spec(errback, TaskIds.next(clock), callbacks(errback.options()))
          .toJson());
    }
    create(id, "group", members, ids, extra);
    List<NewTask> tasks = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      Links own = callbacks(members.get(i).options());
      Links links = new Links(null, new Links.Member(id, i), own.onSuccess(), own.onFailure());
      tasks.add(newTask(spec(members.get(i), ids.get(i), links), firstArgs(members.get(i)),
          false));
    }
    for (int from = 0; from < tasks.size(); from += Broker.MAX_BATCH) {
      broker.enqueue(tasks.subList(from, Math.min(tasks.size(), from + Broker.MAX_BATCH)));
    }
    return new WorkflowHandle(id, WorkflowInfo.Kind.GROUP, handles(members, ids, client, false),
        bodyHandle);
  }

  /** The success and failure callbacks of {@code options}, each with a fresh id. */
  public Links callbacks(TaskOptions options) {
    List<Links.Spec> ok = new ArrayList<>(options.onSuccess().size());
    for (Step s : options.onSuccess()) {
      ok.add(spec(s, TaskIds.next(clock), callbacks(s.options())));
    }
    List<Links.Spec> failed = new ArrayList<>(options.onFailure().size());
    for (Step s : options.onFailure()) {
      failed.add(spec(s, TaskIds.next(clock), callbacks(s.options())));
    }
    return new Links(null, null, ok, failed);
  }

  /**
   * The task {@code spec} describes, with {@code args} (its fixed payload when it has one) and its
   * links; {@code once}: a task of this id that already finished counts as a duplicate.
   */
  public NewTask newTask(Links.Spec spec, String args, boolean once) {
    Instant now = clock.instant();
    String normalized = codec.normalizeArgs(spec.args() != null ? spec.args() : args, spec.queue(),
        spec.task());
    Links links = spec.links();
    String linksJson = links != null && !links.isEmpty() ? links.toJson() : null;
    TaskControls controls = new TaskControls(spec.priority(), null, millis(spec.timeLimitMs()),
        millis(spec.softTimeLimitMs()), linksJson != null);
    TaskEnvelope env = TaskEnvelope.submitted(spec.id(), spec.task(), spec.queue(), normalized,
        spec.headers(), null, now, controls);
    int priority = config.queue(spec.queue()).priorityLevel(spec.priority());
    return new NewTask(spec.queue(), spec.id(), codec.encode(env), null, null, priority, null,
        null).withLinks(linksJson, once);
  }

  private Links.Spec spec(Step step, String id, @Nullable Links links) {
    TaskOptions o = step.options();
    String args = step.fixed() ? fixedArgs(step) : null;
    String queue = queueOf(step, id);
    return new Links.Spec(id, step.task(), queue, args,
        Interceptors.headers(interceptors, step.task(), queue, id, o.headers()),
        o.priorityOrDefault(),
        o.timeLimit() == null ? null : o.timeLimit().toMillis(),
        o.softTimeLimit() == null ? null : o.softTimeLimit().toMillis(),
        links == null || links.isEmpty() ? null : links);
  }

  private void create(String id, String kind, List<Step> steps, List<String> ids,
      Map<String, String> extra) {
    List<Map<String, String>> tasks = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      tasks.add(Map.of("id", ids.get(i), "queue", queueOf(steps.get(i), ids.get(i)),
          "task", steps.get(i).task()));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("kind", kind);
    fields.put("size", Integer.toString(steps.size()));
    fields.put("tasks", json(tasks));
    fields.put("createdAt", Long.toString(clock.millis()));
    fields.putAll(extra);
    if (!broker.workflows().create(id, fields, TTL)) {
      throw new TaskqException("workflow " + id + " exists already; nothing was submitted");
    }
  }

  /** A first step's payload JSON; a first step without one receives {@code null}. */
  private String firstArgs(Step step) {
    return step.fixed() ? fixedArgs(step) : "null";
  }

  private String fixedArgs(Step step) {
    Object payload = step.payload();
    return payload == null ? "null" : codec.encodeArgs(payload, step.queue(), step.task());
  }

  private List<String> ids(int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(TaskIds.next(clock));
    }
    return ids;
  }

  /** The tasks' handles; {@code chained}: every task after the first is submitted later. */
  private List<TaskHandle<Object>> handles(List<Step> steps, List<String> ids,
      TaskClient client, boolean chained) {
    List<TaskHandle<Object>> out = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      out.add(new TaskHandle<>(ids.get(i), queueOf(steps.get(i), ids.get(i)), client,
          Object.class, chained && i > 0));
    }
    return out;
  }

  private static @Nullable Duration millis(@Nullable Long ms) {
    return ms == null ? null : Duration.ofMillis(ms);
  }

  static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
