package io.taskq.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskq.ConfigException;
import io.taskq.config.internal.ConfigReader;
import io.taskq.internal.YamlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@link TaskqConfig} from {@code taskq.yaml}, the environment and command-line flags, with
 * precedence flag &gt; environment &gt; file &gt; default. The file is the one given with
 * {@link #file(Path)} ({@code --config FILE}), else {@code $TASKQ_CONFIG}, else
 * {@code ./taskq.yaml} when it exists, else none (defaults). See {@code docs/configuration.md}.
 *
 * <p>Every error is a {@link ConfigException} with one line: the source (file or environment
 * variable), the key path (e.g. {@code queues.email.maxRetries}), what was expected and the bad
 * value. Unknown keys are errors, so a typo never goes unnoticed. Passwords never appear in
 * messages. Not thread-safe; use one loader per load.
 */
public final class ConfigLoader {
  /** Environment variables mapped onto configuration keys. */
  static final Map<String, String> ENV_KEYS = Map.ofEntries(
      Map.entry("TASKQ_REDIS_URL", "redis.url"),
      Map.entry("TASKQ_REDIS_PASSWORD", "redis.password"),
      Map.entry("TASKQ_REDIS_PASSWORD_FILE", "redis.passwordFile"),
      Map.entry("TASKQ_REDIS_COMMAND_TIMEOUT", "redis.commandTimeout"),
      Map.entry("TASKQ_REDIS_CONNECT_TIMEOUT", "redis.connectTimeout"),
      Map.entry("TASKQ_REDIS_RECONNECT_DELAY_MAX", "redis.reconnectDelayMax"),
      Map.entry("TASKQ_REDIS_TLS_CA_FILE", "redis.tlsCaFile"),
      Map.entry("TASKQ_REDIS_DURABLE_WRITES", "redis.durableWrites"),
      Map.entry("TASKQ_MAX_PAYLOAD", "maxPayload"),
      Map.entry("TASKQ_MAX_RESULT", "maxResult"),
      Map.entry("TASKQ_WORKER_SHUTDOWN_GRACE", "worker.shutdownGrace"),
      Map.entry("TASKQ_WORKER_LOG_OUTCOMES", "worker.logOutcomes"),
      Map.entry("TASKQ_EVENTS_ENABLED", "events.enabled"),
      Map.entry("TASKQ_EVENTS_MAX_LEN", "events.maxLen"));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Map<String, String> env = System.getenv();
  private @Nullable Path file;
  private @Nullable String fallbackName;
  private @Nullable String fallbackText;
  private Path workingDir = Path.of("");
  private final Map<String, String> flags = new LinkedHashMap<>();

  private ConfigLoader() {}

  /** A loader reading the process environment. */
  public static ConfigLoader create() {
    return new ConfigLoader();
  }

  /** Uses this environment instead of the process's (tests). */
  public ConfigLoader env(Map<String, String> env) {
    this.env = Map.copyOf(env);
    return this;
  }

  /** The file given with {@code --config}; it must exist. {@code null} means not given. */
  public ConfigLoader file(@Nullable Path file) {
    this.file = file;
    return this;
  }

  /**
   * YAML text read when no file is found ({@code --config}, {@code $TASKQ_CONFIG},
   * {@code ./taskq.yaml}), instead of the defaults; {@code name} names it in errors.
   */
  public ConfigLoader fallback(String name, String yaml) {
    this.fallbackName = Objects.requireNonNull(name);
    this.fallbackText = Objects.requireNonNull(yaml);
    return this;
  }

  /** Where {@code ./taskq.yaml} is looked for (default: the working directory). */
  public ConfigLoader workingDir(Path dir) {
    this.workingDir = Objects.requireNonNull(dir);
    return this;
  }

  /** The Redis URL given with {@code --redis}; {@code null} means not given. */
  public ConfigLoader redisUrl(@Nullable String url) {
    return flag("redis.url", url);
  }

  /** Any key set from a command-line flag, e.g. {@code flag("worker.shutdownGrace", "30s")}. */
  public ConfigLoader flag(String keyPath, @Nullable String value) {
    if (value != null) {
      flags.put(keyPath, value);
    }
    return this;
  }

  /** The file that {@link #load()} reads, or {@code null} when it reads none. */
  public @Nullable Path resolveFile() {
    if (file != null) {
      return file;
    }
    String fromEnv = env.get("TASKQ_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    Path local = workingDir.resolve("taskq.yaml");
    return Files.isRegularFile(local) ? local : null;
  }

  /**
   * Loads and validates.
   *
   * @throws ConfigException one line naming the source, key path, expectation and bad value
   */
  public TaskqConfig load() {
    Path path = resolveFile();
    String source;
    ObjectNode root;
    if (path != null) {
      source = path.toString();
      root = parse(source, read(path));
    } else if (fallbackName != null && fallbackText != null) { // fallback(..) sets both
      source = fallbackName;
      root = parse(source, fallbackText);
    } else {
      source = "defaults";
      root = JsonNodeFactory.instance.objectNode();
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (var e : ENV_KEYS.entrySet()) {
      String v = env.get(e.getKey());
      if (v != null && !v.isEmpty()) {
        set(root, e.getValue(), v);
        sources.put(e.getValue(), "environment " + e.getKey());
      }
    }
    for (var e : flags.entrySet()) {
      set(root, e.getKey(), e.getValue());
      sources.put(e.getKey(), "command line");
    }
    return new ConfigReader(source, sources).read(root);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(path + ": configuration file not found");
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read configuration file (" + e.getMessage() + ")");
    }
  }

  private static ObjectNode parse(String path, String text) {
    JsonNode node;
    try {
      node = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw YamlErrors.invalid(path, e);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new ConfigException(path + ": expected a mapping of sections (redis, worker, queues,"
          + " maxPayload) at the top level, got " + ConfigReader.kind(node));
    }
    return (ObjectNode) node;
  }

  private static void set(ObjectNode root, String keyPath, String value) {
    String[] parts = keyPath.split("\\.", -1);
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      if (!(child instanceof ObjectNode)) {
        child = node.putObject(parts[i]);
      }
      node = (ObjectNode) child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
