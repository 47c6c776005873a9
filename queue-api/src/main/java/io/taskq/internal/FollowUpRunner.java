package io.taskq.internal;

import io.taskq.TaskError;
import io.taskq.TaskState;
import io.taskq.TaskqException;
import io.taskq.spi.Broker;
import io.taskq.spi.FollowUp;
import io.taskq.spi.NewTask;
import io.taskq.spi.WorkflowStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on a queue's follow-ups: settles each finished task's chain or group, submits its
 * callbacks, its chain's next step, its group's body or errback, then removes the entry. Every
 * step is idempotent (fixed ids, settle once per member), so an entry handled twice, by a worker
 * that died before removing it or by two workers at once, changes nothing the second time.
 * Thread-safe.
 */
public final class FollowUpRunner {
  private static final Logger log = LoggerFactory.getLogger(FollowUpRunner.class);
  /** Entries read per call. */
  static final int PAGE = 100;

  private final Broker broker;
  private final Workflows workflows;

  public FollowUpRunner(Broker broker, Workflows workflows) {
    this.broker = broker;
    this.workflows = workflows;
  }

  /** Handles every follow-up of {@code queue} there is now; returns how many. */
  public int drain(String queue) {
    int total = 0;
    List<FollowUp> page;
    do {
      page = broker.followUps(queue, PAGE);
      for (FollowUp f : page) {
        handle(queue, f);
        broker.followUpDone(queue, f);
      }
      total += page.size();
    } while (page.size() == PAGE);
    return total;
  }

  private void handle(String queue, FollowUp f) {
    Links links;
    try {
      links = Links.parse(f.links());
    } catch (IllegalArgumentException e) {
      log.error("Follow-ups of task {} in queue {} are not readable and are dropped: {}", f.id(),
          queue, e.getMessage());
      return;
    }
    boolean ok = f.state() == TaskState.SUCCEEDED;
    String result = f.result() == null ? "null" : f.result();
    String passed = ok ? result : failure(queue, f); // what a callback without payload receives
    String failure = ok ? null : passed;
    List<NewTask> submit = new ArrayList<>();
    for (Links.Spec s : ok ? links.onSuccess() : links.onFailure()) {
      add(submit, s, passed, f);
    }
    WorkflowStore store = broker.workflows();
    Links.Member chain = links.chain();
    if (chain != null) {
      store.settle(chain.id(), chain.index(), f.state(), ok ? result : null, failure,
          Workflows.TTL);
    }
    Links.Member group = links.group();
    if (group != null) {
      WorkflowStore.Settled s = store.settle(group.id(), group.index(), f.state(),
          ok ? result : null, failure, Workflows.TTL);
      String body = s.body();
      if (body != null) {
        add(submit, Links.Spec.parse(body), "[" + String.join(",", s.results()) + "]", f);
      }
      String errback = s.errback();
      if (errback != null) {
        add(submit, Links.Spec.parse(errback), failure == null ? "null" : failure, f);
      }
    }
    if (!submit.isEmpty()) {
      broker.enqueue(submit);
    }
  }

  /** Adds the task of {@code spec}, unless its payload cannot be (too large: logged, dropped). */
  private void add(List<NewTask> out, Links.Spec spec, String args, FollowUp f) {
    try {
      out.add(workflows.newTask(spec, args, true));
    } catch (TaskqException e) {
      log.error("Follow-up task {} {} of task {} cannot be submitted and is dropped: {}",
          spec.task(), spec.id(), f.id(), e.getMessage());
    }
  }

  /** What a failure callback receives: the task, its final state and its error. */
  static String failure(String queue, FollowUp f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", f.id());
    out.put("queue", queue);
    if (f.taskName() != null) {
      out.put("task", f.taskName());
    }
    out.put("state", f.state().name().toLowerCase(java.util.Locale.ROOT));
    TaskError e = f.error();
    if (e != null) {
      out.put("error", Map.of("type", e.type(), "message", e.message()));
    }
    return Workflows.json(out);
  }

}
