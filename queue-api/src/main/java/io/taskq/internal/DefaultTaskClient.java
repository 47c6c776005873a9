package io.taskq.internal;

import io.taskq.DuplicateTaskException;
import io.taskq.PartialSubmitException;
import io.taskq.QueueConfig;
import io.taskq.QueueShards;
import io.taskq.Step;
import io.taskq.SubmitInterceptor;
import io.taskq.SubmitInterceptor.Submission;
import io.taskq.TaskClient;
import io.taskq.TaskDefinition;
import io.taskq.TaskHandle;
import io.taskq.TaskInfo;
import io.taskq.TaskNotFoundException;
import io.taskq.TaskOptions;
import io.taskq.TaskState;
import io.taskq.TaskResult;
import io.taskq.TaskqException;
import io.taskq.WorkflowHandle;
import io.taskq.WorkflowInfo;
import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.spi.EnqueueResult;
import io.taskq.spi.NewTask;
import io.taskq.spi.StoredTask;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** The {@link TaskClient} over a {@link Broker}. Thread-safe. */
public final class DefaultTaskClient implements TaskClient {
  /** MDC key read for the correlation id when the options carry none. */
  public static final String MDC_CORRELATION_ID = "correlationId";

  private final Broker broker;
  private final TaskqConfig config;
  private final EnvelopeCodec codec;
  private final Clock clock;
  private final Revoker revoker;
  private final TaskWaiters waiters;
  private final List<SubmitInterceptor> interceptors;
  private final Workflows workflows;
  private final EventPublisher events;
  private final ShardPicker shards;
  /** How long {@link #close()} waits for events still being sent. */
  private static final java.time.Duration EVENTS_AT_CLOSE = java.time.Duration.ofSeconds(1);

  public DefaultTaskClient(Broker broker, TaskqConfig config, Clock clock) {
    this(broker, config, clock, List.of());
  }

  /** A client whose submits run through {@code interceptors}, the first outermost. */
  public DefaultTaskClient(Broker broker, TaskqConfig config, Clock clock,
      List<SubmitInterceptor> interceptors) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.config = config;
    this.codec = new EnvelopeCodec(config.maxPayload());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = EventPublisher.create(broker.events(), config.events(), null, clock);
    this.revoker = new Revoker(broker, codec, config, events);
    this.waiters = new TaskWaiters(broker, this::finalResult);
    this.interceptors = List.copyOf(interceptors);
    this.workflows = new Workflows(broker, config, codec, clock, this.interceptors);
    this.shards = new ShardPicker(config);
  }

  @Override
  public WorkflowHandle chain(List<Step> steps) {
    return workflows.chain(steps, this);
  }

  @Override
  public WorkflowHandle chord(List<Step> members, @Nullable Step body, @Nullable Step onError) {
    return workflows.group(members, body, onError, this);
  }

  @Override
  public Optional<WorkflowInfo> workflow(String id) {
    return WorkflowInfos.of(id, broker.workflows().read(id));
  }

  /** The client's event publisher (its count of dropped events). */
  public EventPublisher events() {
    return events;
  }

  @Override
  public <P> TaskHandle<Object> submit(TaskDefinition<P> definition, P payload, TaskOptions options) {
    TaskOptions o = options.mergedOver(definition.defaults());
    String queue = o.queue() != null ? o.queue() : definition.queue();
    String args = codec.encodeArgs(payload, queue, definition.name());
    return enqueueOne(definition.name(), queue, args, o);
  }

  @Override
  public TaskHandle<Object> submitJson(String taskName, String argsJson, TaskOptions options) {
    // validates the name like a definition would
    TaskDefinition<Object> def = TaskDefinition.of(taskName, Object.class);
    String queue = options.queue() != null ? options.queue() : def.queue();
    String args = codec.normalizeArgs(argsJson, queue, taskName);
    return enqueueOne(taskName, queue, args, options);
  }

  private TaskHandle<Object> enqueueOne(String taskName, String logical, String args,
      TaskOptions o) {
    String id = o.id() != null ? o.id() : TaskIds.next(clock);
    String queue = shards.pick(logical, o, o.id());
    if (interceptors.isEmpty()) {
      return store(taskName, queue, id, args, o);
    }
    Submission submission = new Submission(taskName, queue, id, o.headers());
    List<TaskHandle<Object>> stored = new ArrayList<>(1);
    Interceptors.submit(interceptors, submission, () -> stored.add(store(taskName, queue, id,
        args, o.toBuilder().headers(submission.headers()).build())));
    return stored.get(0);
  }

  private TaskHandle<Object> store(String taskName, String queue, String id, String args,
      TaskOptions o) {
    NewTask task = newTask(taskName, queue, id, args, o);
    EnqueueResult result = broker.enqueue(List.of(task));
    if (o.rejectDuplicate() && o.id() != null && !result.duplicateIds().isEmpty()) {
      throw new DuplicateTaskException(queue, id);
    }
    String holder = result.uniqueHolders().get(id);
    if (holder != null) {
      if (o.rejectDuplicate()) {
        throw new DuplicateTaskException(queue, holder, Objects.requireNonNull(o.uniqueKey()));
      }
      // the task already holding the unique key
      return new TaskHandle<>(holder, queue, this, Object.class);
    }
    if (result.duplicateIds().isEmpty()) {
      events.sent(queue, taskName, id);
    }
    return new TaskHandle<>(id, queue, this, Object.class);
  }

  @Override
  public <P> List<TaskHandle<Object>> submitAll(
      TaskDefinition<P> definition, List<? extends P> payloads, TaskOptions options) {
    TaskOptions o = options.mergedOver(definition.defaults());
    String queue = o.queue() != null ? o.queue() : definition.queue();
    List<String> args = new ArrayList<>(payloads.size());
    for (P payload : payloads) {
      args.add(codec.encodeArgs(payload, queue, definition.name()));
    }
    return enqueueAll(definition.name(), queue, args, o);
  }

  @Override
  public List<TaskHandle<Object>> submitAllJson(String taskName, List<String> argsJson,
      TaskOptions options) {
    TaskDefinition<Object> def = TaskDefinition.of(taskName, Object.class);
    String queue = options.queue() != null ? options.queue() : def.queue();
    List<String> args = new ArrayList<>(argsJson.size());
    for (String json : argsJson) {
      args.add(codec.normalizeArgs(json, queue, taskName));
    }
    return enqueueAll(taskName, queue, args, options);
  }

  /**
   * Enqueues already encoded arguments in chunks of {@link Broker#MAX_BATCH}. Every id is chosen
   * before the first chunk is sent, so a failure after some chunks can name both the enqueued
   * tasks and the ids to resubmit the rest with, idempotently.
   */
  private List<TaskHandle<Object>> enqueueAll(String taskName, String queue, List<String> args,
      TaskOptions o) {
    if (o.id() != null) {
      throw new IllegalArgumentException("a batch submission does not take a caller-supplied id");
    }
    if (o.uniqueKey() != null) {
      throw new IllegalArgumentException("a batch submission does not take a unique key (its"
          + " tasks would share it); submit them one by one, each with its own key");
    }
    QueueConfig.requireValidName(queue);
    List<TaskHandle<Object>> handles = new ArrayList<>(args.size());
    // the queue's configuration once per call, not per task: most queues have one shard
    boolean sharded = config.queue(queue).isSharded();
    for (int i = 0; i < args.size(); i++) {
      handles.add(new TaskHandle<>(TaskIds.next(clock),
          sharded ? shards.pick(queue, o, null) : queue, this, Object.class));
    }
    List<TaskOptions> options = optionsPerTask(taskName, queue, handles, o);
    List<NewTask> chunk = new ArrayList<>(Math.min(args.size(), Broker.MAX_BATCH));
    for (int from = 0; from < args.size(); from += Broker.MAX_BATCH) {
      chunk.clear();
      for (int i = from; i < Math.min(args.size(), from + Broker.MAX_BATCH); i++) {
        TaskHandle<Object> h = handles.get(i);
        chunk.add(newTask(taskName, h.queue(), h.id(), args.get(i), options.get(i)));
      }
      try {
        EnqueueResult result = broker.enqueue(chunk);
        if (events.enabled()) {
          for (NewTask t : chunk) {
            if (!result.duplicateIds().contains(t.id())) {
              events.sent(t.queue(), taskName, t.id());
            }
          }
        }
      } catch (TaskqException e) {
        if (from == 0) {
          throw e; // nothing was enqueued: the failure as it is
        }
        throw new PartialSubmitException(queue, handles.subList(0, from),
            handles.subList(from, handles.size()), e);
      }
    }
    return handles;
  }

  /** Each task's options, with the headers its submit interceptors added. */
  private List<TaskOptions> optionsPerTask(String taskName, String queue,
      List<TaskHandle<Object>> handles, TaskOptions o) {
    if (interceptors.isEmpty()) {
      return java.util.Collections.nCopies(handles.size(), o);
    }
    List<TaskOptions> out = new ArrayList<>(handles.size());
    for (TaskHandle<Object> h : handles) { // the batch is sent after
      out.add(o.toBuilder().headers(Interceptors.headers(interceptors, taskName, h.queue(),
          h.id(), o.headers())).build());
    }
    return out;
  }

  private NewTask newTask(String taskName, String queue, String id, String args, TaskOptions o) {
    Instant now = clock.instant();
    String cid = o.correlationId() != null ? o.correlationId() : mdcCorrelationId();
    Links links = o.hasCallbacks() ? workflows.callbacks(o) : null;
    TaskEnvelope env = TaskEnvelope.submitted(id, taskName, queue, args, o.headers(), cid,
        now, TaskControls.of(o, now).withLinked(links != null));
    // the queue's levels decide the stored priority: workers and brokers never need them
    int priority = config.queue(queue).priorityLevel(o.priorityOrDefault());
    return new NewTask(queue, id, codec.encode(env), o.countdown(), o.eta(),
        priority, o.uniqueKey(), o.uniqueKey() == null ? null : o.uniqueTtlOrDefault())
        .withLinks(links == null ? null : links.toJson(), false);
  }

  private static @Nullable String mdcCorrelationId() {
    return TaskInfos.nullIfBlank(MDC.get(MDC_CORRELATION_ID));
  }

  @Override
  public <R> TaskHandle<R> handle(String id, String queue, Class<R> resultType) {
    QueueShards.requireValid(queue);
    return new TaskHandle<>(id, shardHolding(queue, id), this, resultType);
  }

  /**
   * The shard of a sharded queue that holds task {@code id} (ids are unique, so at most one
   * does), looked up one shard after the other; {@code queue} itself when it is not sharded, is
   * already a shard, or no shard holds the task.
   */
  private String shardHolding(String queue, String id) {
    QueueConfig q = config.queue(queue);
    if (QueueShards.isShard(queue) || !q.isSharded()) {
      return queue;
    }
    for (QueueConfig shard : q.physical()) {
      if (broker.find(shard.name(), id).isPresent()) {
        return shard.name();
      }
    }
    return queue;
  }

  @Override
  public Optional<TaskInfo> find(TaskHandle<?> handle) {
    return broker.find(handle.queue(), handle.id()).map(s -> TaskInfos.of(s, codec));
  }

  @Override
  public TaskState revoke(TaskHandle<?> handle, boolean terminate) {
    return revoker.revoke(handle.queue(), handle.id(), terminate);
  }

  @Override
  public Map<String, TaskState> revokeAll(String queue, String taskName) {
    return revoker.revokeAll(queue, taskName);
  }

  @Override
  public Optional<String> resultJson(TaskHandle<?> handle) {
    return broker.result(handle.queue(), handle.id());
  }

  @Override
  public Optional<TaskResult> result(TaskHandle<?> handle) {
    return broker.find(handle.queue(), handle.id())
        .filter(s -> s.state().isFinal())
        .map(s -> TaskInfos.result(TaskInfos.of(s, codec)));
  }

  @Override
  public CompletableFuture<TaskResult> whenFinished(TaskHandle<?> handle) {
    return waiters.await(handle);
  }

  /** The task's result when final, empty while live; not found when it is nowhere. */
  private Optional<TaskResult> finalResult(String queue, String id) {
    Optional<StoredTask> s = broker.find(queue, id);
    if (s.isEmpty()) {
      throw new TaskNotFoundException(queue, id);
    }
    return s.filter(t -> t.state().isFinal()).map(t -> TaskInfos.result(TaskInfos.of(t, codec)));
  }

  /** Fails the waits in progress; the broker belongs to whoever created it. */
  @Override
  public void close() {
    waiters.close();
    events.close(EVENTS_AT_CLOSE);
  }
}
