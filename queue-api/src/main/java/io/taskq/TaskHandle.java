package io.taskq;

import io.taskq.internal.EnvelopeCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A submitted task: its id and the queue it lives in (lookups by handle need no search), and, for
 * a handle a {@link TaskClient} returned, the way to wait for its result of type {@code R}.
 * Equal handles have the same id and queue. Immutable and thread-safe.
 *
 * <pre>{@code
 * static final TaskDefinition.Returning<Add, Sum> ADD =
 *     TaskDefinition.of("math.add", Add.class).returning(Sum.class);
 *
 * TaskHandle<Sum> handle = client.submit(ADD, new Add(1, 2));
 * Sum sum = handle.await(Duration.ofSeconds(30)); // or handle.awaitAsync(timeout)
 * }</pre>
 *
 * A waiter is woken by the broker (Redis pub/sub: every waiter of one client shares one
 * connection), never by polling. A handle of a definition without a result type waits for an
 * {@code Object}: the result as Jackson binds JSON by itself (map, list, string, number, boolean).
 *
 * @param <R> the type the task's result binds to
 */
public final class TaskHandle<R> {
  private final String id;
  private final String queue;
  private final @Nullable TaskClient client;
  private final @Nullable Class<R> resultType;
  private final boolean planned;

  /**
   * A handle of an existing task, not bound to a client: it serves lookups
   * ({@link TaskClient#find}, {@link TaskClient#result}); to wait, get a bound one from
   * {@link TaskClient#handle}.
   *
   * @param id task id (UUIDv7 unless the caller supplied one)
   * @param queue the queue the task was submitted to
   */
  public TaskHandle(String id, String queue) {
    this(id, queue, null, null);
  }

  /**
   * A handle bound to {@code client}, whose result binds to {@code resultType}; clients create
   * these ({@link TaskClient#submit}, {@link TaskClient#handle}).
   */
  public TaskHandle(String id, String queue, @Nullable TaskClient client,
      @Nullable Class<R> resultType) {
    this(id, queue, client, resultType, false);
  }

  /**
   * A handle bound to {@code client}; {@code planned}: of a task whose id is fixed but which is
   * submitted later (a chain's later step, a chord's body), so waiting for it also waits for its
   * submission instead of failing with {@link TaskNotFoundException}. Workflows create these.
   */
  public TaskHandle(String id, String queue, @Nullable TaskClient client,
      @Nullable Class<R> resultType, boolean planned) {
    this.id = Objects.requireNonNull(id, "id");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.client = client;
    this.resultType = resultType;
    this.planned = planned;
  }

  /** Task id. */
  public String id() {
    return id;
  }

  /**
   * The queue the task lives in: the queue it was submitted to, or on a sharded queue the shard
   * it went to ({@code email#2}, see {@link QueueShards}).
   */
  public String queue() {
    return queue;
  }

  /**
   * Whether the task may not be submitted yet (a chain's later step, a chord's body): waiting
   * for it waits for its submission too. Such a task is never submitted when an earlier step
   * fails; {@link WorkflowHandle#await} reports that failure instead of waiting out its timeout.
   */
  public boolean planned() {
    return planned;
  }

  /**
   * Waits until the task reaches a final state and returns its result bound to {@code R}
   * ({@code null} when the handler returned nothing). Blocks the calling thread for at most
   * {@code timeout}; returns at once when the task has already finished.
   *
   * @throws TaskFailedException when the task ended DEAD, REVOKED or EXPIRED (with its error)
   * @throws WaitTimeoutException when it did not finish within {@code timeout}
   * @throws TaskNotFoundException when the task is unknown (a {@link #planned} handle waits for
   *     its submission instead), or finished and its queue keeps no record ({@code resultTtl: 0})
   *     or the record expired
   * @throws PayloadException when the result does not bind to {@code R}
   * @throws BrokerUnavailableException when the broker cannot be reached
   * @throws TaskqException when the thread is interrupted (the interrupt flag is set)
   * @throws IllegalStateException when this handle is not bound to a client
   */
  public @Nullable R await(Duration timeout) {
    CompletableFuture<R> f = awaitAsync(timeout);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new TaskqException("interrupted while waiting for task " + id, queue, id, e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (CancellationException e) {
      throw new TaskqException("the wait for task " + id + " was cancelled", queue, id, e);
    }
  }

  /**
   * The result as a future, completed when the task reaches a final state (at once when it
   * already has), or exceptionally as {@link #await} throws, with a {@link WaitTimeoutException}
   * after {@code timeout}. The future completes on a thread of the client: chain work that
   * blocks onto an executor of your own.
   */
  public CompletableFuture<R> awaitAsync(Duration timeout) {
    CompletableFuture<TaskResult> done = bound().whenFinished(this);
    done.orTimeout(Math.max(1, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
    return done.handle((r, e) -> {
      if (e != null) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null
            ? e.getCause() : e;
        throw new CompletionException(cause instanceof TimeoutException
            ? new WaitTimeoutException(queue, id, timeout) : cause);
      }
      return value(r);
    });
  }

  /**
   * The result as a future without a time limit, completed as {@link #awaitAsync(Duration)}.
   * To stop waiting, cancel {@link TaskClient#whenFinished} instead, or give a timeout.
   */
  public CompletableFuture<R> awaitAsync() {
    return bound().whenFinished(this).thenApply(this::value);
  }

  private @Nullable R value(TaskResult r) {
    if (!r.succeeded()) {
      throw new TaskFailedException(queue, id, r.state(), r.error());
    }
    String json = r.resultJson();
    if (json == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Class<R> type = resultType != null ? resultType : (Class<R>) Object.class;
    return RESULTS.decodeResult(json, type, queue, id);
  }

  private TaskClient bound() {
    if (client == null) {
      throw new IllegalStateException("handle of task " + id + " is not bound to a client: get"
          + " one from TaskClient.submit or TaskClient.handle(id, queue, type)");
    }
    return client;
  }

  private static RuntimeException unwrap(@Nullable Throwable e) {
    if (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof RuntimeException r ? r : new TaskqException("waiting failed", e);
  }

  /** Binds results; its payload limit is unused. */
  private static final EnvelopeCodec RESULTS = new EnvelopeCodec(Integer.MAX_VALUE);

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TaskHandle<?> h && h.id.equals(id) && h.queue.equals(queue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, queue);
  }

  @Override
  public String toString() {
    return "TaskHandle[id=" + id + ", queue=" + queue + "]";
  }
}
