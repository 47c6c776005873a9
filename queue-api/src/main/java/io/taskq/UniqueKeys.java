package io.taskq;

import io.taskq.internal.CanonicalJson;
import io.taskq.internal.EnvelopeCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds a unique key ({@link TaskOptions.Builder#uniqueKey(String, java.time.Duration)}) from a
 * task's name and arguments, so that submitting the same task with the same arguments twice
 * while the first is live (or within the key's TTL) yields one task:
 *
 * <pre>{@code
 * client.submit(REPORT, args, TaskOptions.builder()
 *     .uniqueKey(UniqueKeys.of(REPORT, args), Duration.ofMinutes(10)).build());
 * }</pre>
 *
 * <p>The key is the SHA-256 (64 lowercase hex digits) of the task name, a newline, and the
 * arguments as canonical JSON: object members sorted by name, no whitespace, numbers in their
 * shortest plain form ({@code 1.0} and {@code 1} are equal). So {@code {"a":1,"b":2}} and
 * {@code { "b": 2.0, "a": 1 }} give the same key, and the same arguments under another task name
 * give another. Stateless and thread-safe.
 */
public final class UniqueKeys {
  // encodes payloads as TaskClient.submit does; the size limit does not apply to a key
  private static final EnvelopeCodec CODEC = new EnvelopeCodec(Integer.MAX_VALUE);

  private UniqueKeys() {}

  /**
   * The key of task {@code taskName} with arguments {@code argsJson} (JSON text, as
   * {@code taskq call --args} takes them).
   *
   * @throws IllegalArgumentException when {@code argsJson} is not JSON
   */
  public static String of(String taskName, String argsJson) {
    return sha256(taskName + "\n" + CanonicalJson.of(argsJson));
  }

  /**
   * The key of {@code definition}'s task with {@code payload}, encoded as
   * {@link TaskClient#submit} encodes it.
   *
   * @throws PayloadException when the payload cannot be encoded as JSON
   */
  public static <P> String of(TaskDefinition<P> definition, P payload) {
    return of(definition.name(), CODEC.encodeArgs(payload, definition.queue(), definition.name()));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
