package io.taskq.beat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The entries a beat fires. Immutable; load one with {@link ScheduleLoader}. */
public record Schedule(List<ScheduleEntry> entries) {
  public Schedule {
    entries = List.copyOf(entries);
    Set<String> names = new LinkedHashSet<>();
    for (ScheduleEntry e : entries) {
      if (!names.add(e.name())) {
        throw new IllegalArgumentException("entry " + e.name() + " appears twice");
      }
    }
  }
}
