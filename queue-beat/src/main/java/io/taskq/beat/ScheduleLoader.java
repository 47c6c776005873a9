package io.taskq.beat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.taskq.ConfigException;
import io.taskq.QueueConfig;
import io.taskq.beat.internal.Occurrences;
import io.taskq.config.Units;
import io.taskq.internal.YamlErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a schedule file (YAML). Every entry is checked at load: unknown keys, bad cron
 * expressions, zones and durations fail with one line naming the file, the entry and the key.
 *
 * <pre>{@code
 * schedules:
 *   nightly-backup:
 *     task: backup.database
 *     queue: backup
 *     cron: "0 0 2 * * ?"        # Quartz cron, seconds first
 *     timezone: America/New_York
 *     args: { database: billing }
 *     misfire: fire_once         # fire_once | skip | catch_up (with catchUpLimit)
 *     overlap: skip              # skip | allow
 * }</pre>
 */
public final class ScheduleLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS = Set.of("task", "queue", "every", "cron", "timezone",
      "args", "misfire", "catchUpLimit", "overlap");

  private ScheduleLoader() {}

  /**
   * Loads and checks a schedule file.
   *
   * @throws ConfigException one line: file, entry, key and what was expected
   */
  public static Schedule load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": schedule file not found");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read schedule file (" + e.getMessage() + ")");
    }
    return parse(file.toString(), text);
  }

  /** Parses schedule YAML; {@code source} names it in errors. */
  public static Schedule parse(String source, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw YamlErrors.invalid(source, e);
    }
    if (root == null || !root.isObject() || !root.has("schedules")) {
      throw new ConfigException(source + ": expected a top-level 'schedules' mapping of entry"
          + " names to entries");
    }
    root.fieldNames().forEachRemaining(k -> {
      if (!k.equals("schedules")) {
        throw new ConfigException(source + ": " + k + ": unknown key; expected schedules");
      }
    });
    JsonNode schedules = root.get("schedules");
    if (!schedules.isObject()) {
      throw new ConfigException(source + ": schedules: expected a mapping of entry names to"
          + " entries");
    }
    List<ScheduleEntry> entries = new ArrayList<>();
    schedules.properties().forEach(e -> entries.add(entry(source, e.getKey(), e.getValue())));
    return new Schedule(entries);
  }

  private static ScheduleEntry entry(String source, String name, JsonNode n) {
    String p = "schedules." + name;
    if (!ScheduleEntry.NAME_PATTERN.matcher(name).matches()) {
      throw fail(source, p, "an entry name matching [A-Za-z0-9._-]{1,100}", name);
    }
    if (!n.isObject()) {
      throw new ConfigException(source + ": " + p + ": expected a mapping with task and every or"
          + " cron");
    }
    n.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        throw new ConfigException(source + ": " + p + "." + k + ": unknown key; expected one of"
            + " task, queue, every, cron, timezone, args, misfire, catchUpLimit, overlap");
      }
    });
    String task = text(source, n, p, "task", null);
    if (!task.matches("[A-Za-z0-9._:-]{1,200}")) {
      throw fail(source, p + ".task", "a task name matching [A-Za-z0-9._:-]{1,200}", task);
    }
    String queue = text(source, n, p, "queue", "default");
    if (!QueueConfig.NAME_PATTERN.matcher(queue).matches()) {
      throw fail(source, p + ".queue", "a queue name matching [A-Za-z0-9._-]{1,64}", queue);
    }
    Timing timing = timing(source, n, p);
    ZoneId zone;
    String zoneText = text(source, n, p, "timezone", "UTC");
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw fail(source, p + ".timezone", "a timezone such as UTC or America/New_York", zoneText);
    }
    String args = "{}";
    if (n.has("args")) {
      if (!n.get("args").isObject()) {
        throw new ConfigException(source + ": " + p + ".args: expected a mapping of arguments");
      }
      args = n.get("args").toString();
    }
    MisfirePolicy misfire = choice(source, n, p, "misfire", MisfirePolicy.class,
        MisfirePolicy.FIRE_ONCE);
    OverlapPolicy overlap = choice(source, n, p, "overlap", OverlapPolicy.class,
        OverlapPolicy.ALLOW);
    int limit = ScheduleEntry.DEFAULT_CATCH_UP_LIMIT;
    if (n.has("catchUpLimit")) {
      JsonNode l = n.get("catchUpLimit");
      if (!l.canConvertToInt() || !l.isIntegralNumber() || l.asInt() < 1) {
        throw fail(source, p + ".catchUpLimit", "an integer >= 1", l.asText());
      }
      limit = l.asInt();
    }
    return new ScheduleEntry(name, task, queue, args, timing, zone, misfire, limit, overlap);
  }

  private static Timing timing(String source, JsonNode n, String p) {
    boolean every = n.hasNonNull("every");
    boolean cron = n.hasNonNull("cron");
    if (every == cron) {
      throw new ConfigException(source + ": " + p + ": expected exactly one of every or cron");
    }
    if (every) {
      String t = n.get("every").asText();
      Duration d;
      try {
        d = n.get("every").isNumber() ? null : Units.duration(t);
      } catch (IllegalArgumentException e) {
        d = null;
      }
      if (d == null || d.isZero() || d.toMillis() < 1) {
        throw fail(source, p + ".every", "a duration such as 1s, 5m or 1h", t);
      }
      return new Timing.Every(d);
    }
    String expr = n.get("cron").asText();
    try {
      Occurrences.parse(expr);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + p + ".cron: " + e.getMessage() + ", got \""
          + expr + "\"");
    }
    return new Timing.Cron(expr);
  }

  private static String text(String source, JsonNode n, String p, String key,
      @Nullable String dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      if (dflt == null) {
        throw new ConfigException(source + ": " + p + "." + key + ": missing; expected a "
            + (key.equals("task") ? "task name" : "value"));
      }
      return dflt;
    }
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw new ConfigException(source + ": " + p + "." + key + ": expected a non-empty string");
    }
    return v.asText().trim();
  }

  private static <E extends Enum<E>> E choice(String source, JsonNode n, String p, String key,
      Class<E> type, E dflt) {
    if (!n.hasNonNull(key)) {
      return dflt;
    }
    String t = n.get(key).asText();
    try {
      return Enum.valueOf(type, t.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw fail(source, p + "." + key, String.join(" or ", names), t);
    }
  }

  private static ConfigException fail(String source, String p, String expected, String got) {
    return new ConfigException(source + ": " + p + ": expected " + expected + ", got \"" + got
        + "\"");
  }
}
