package io.taskq.celery.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Every Redis key the Celery bridge touches. Celery's own keys carry no hash tag; taskq's inbox
 * of a queue shares the {@code {queue}} tag of its other keys.
 */
public final class CeleryKeys {
  /** Kombu's separator between a queue and its priority step (and in binding entries). */
  public static final String SEP = "\u0006\u0016";
  /** The priority steps of kombu's Redis transport; a lower step is served first. */
  private static final int[] STEPS = {0, 3, 6, 9};

  private CeleryKeys() {}

  /** The list a message of {@code priority} (0 to 9) is pushed to: {@code q}, {@code q\x06\x16N}. */
  public static String list(String queue, int priority) {
    int step = 0;
    for (int s : STEPS) {
      if (s <= priority) {
        step = s;
      }
    }
    return step == 0 ? queue : queue + SEP + step;
  }

  /** The four lists of a queue, in the order consumers pop them (priority 0 first). */
  public static List<String> lists(String queue) {
    List<String> keys = new ArrayList<>(STEPS.length);
    for (int s : STEPS) {
      keys.add(list(queue, s));
    }
    return keys;
  }

  /** Kombu's binding set of the default exchange for {@code queue}. */
  public static String binding(String queue) {
    return "_kombu.binding." + queue;
  }

  /** The binding entry: {@code <routing key>\x06\x16<pattern>\x06\x16<queue>}. */
  public static String bindingEntry(String queue) {
    return queue + SEP + SEP + queue;
  }

  /** The result key, and the pub/sub channel of the same name. */
  public static String meta(String taskId) {
    return "celery-task-meta-" + taskId;
  }

  /**
   * taskq's inbox of a queue: a ZSET of raw messages taken from Celery's lists and not yet stored
   * as taskq tasks (score: when taken, ms of Redis time).
   */
  public static String inbox(String queue) {
    return "taskq:{" + queue + "}:celery:inbox";
  }
}
