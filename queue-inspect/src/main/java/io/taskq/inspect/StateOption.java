package io.taskq.inspect;

import io.taskq.TaskState;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --state pending|scheduled|retry|dead}. */
final class StateOption implements ITypeConverter<TaskState> {
  @Override
  public TaskState convert(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "pending" -> TaskState.PENDING;
      case "scheduled" -> TaskState.SCHEDULED;
      case "retry" -> TaskState.RETRY;
      case "dead" -> TaskState.DEAD;
      default -> throw new TypeConversionException(
          "expected pending, scheduled, retry or dead, got \"" + value + "\"");
    };
  }
}
