package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * Configuration is invalid. The message is one line naming the source (file or variable), the key
 * path (for example {@code queues.email.maxRetries}) and what was expected; processes exit 1 on it.
 */
public class ConfigException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
