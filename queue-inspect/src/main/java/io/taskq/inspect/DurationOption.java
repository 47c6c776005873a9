package io.taskq.inspect;

import io.taskq.config.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a duration option as the configuration file does ({@code 250ms}, {@code 10s},
 * {@code 5m}, {@code PT30S}).
 */
public final class DurationOption implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Units.duration(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
