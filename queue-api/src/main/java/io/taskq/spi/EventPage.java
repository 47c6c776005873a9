package io.taskq.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Events read from an {@link EventStream}, oldest first.
 *
 * @param events the events
 * @param cursor where the next read continues (the position of the last event read, or the
 *     cursor given when none was read); {@code null} only when the stream is empty and no cursor
 *     was given
 */
public record EventPage(List<TaskEvent> events, @Nullable String cursor) {
  public EventPage {
    events = List.copyOf(events);
  }
}
