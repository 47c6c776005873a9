package io.taskq.embedded;

import io.taskq.TaskState;
import io.taskq.spi.FollowUp;
import io.taskq.spi.TaskRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The follow-ups of one queue in the embedded broker: the links JSON of live tasks that have
 * follow-ups, and the follow-ups of ended ones, oldest first, until they are done. Guarded by the
 * broker's lock.
 */
final class FollowUpOutbox {
  private final Map<String, String> links = new HashMap<>();
  private final List<FollowUp> outbox = new ArrayList<>();

  /** Task {@code id} has follow-ups, {@code linksJson}. */
  void link(String id, String linksJson) {
    links.put(id, linksJson);
  }

  /** Drops the links of a task that ended or was purged. */
  void unlink(String id) {
    links.remove(id);
  }

  /**
   * The embedded twin of the Lua {@code settle_links}: a task that reached its final state hands
   * its links, once, to the outbox.
   */
  void settle(String id, TaskState state, @Nullable String result, @Nullable TaskRecord record) {
    String l = links.remove(id);
    if (l != null) {
      outbox.add(new FollowUp(id, state, record == null ? null : record.taskName(), result,
          record == null ? null : record.error(), l, state + "\n" + id));
    }
  }

  /** The oldest follow-ups of the outbox, at most {@code max}. */
  List<FollowUp> oldest(int max) {
    return List.copyOf(outbox.subList(0, Math.min(max, outbox.size())));
  }

  /** Takes a follow-up that was handled out of the outbox. */
  void done(FollowUp followUp) {
    outbox.remove(followUp);
  }
}
