package io.taskq.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.taskq.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A YAML syntax error as one line, for the configuration file and beat's schedule file. SnakeYAML
 * writes several lines: a context ("while parsing a block mapping") with its mark and excerpt,
 * then the problem ("expected &lt;block end&gt;, but found ...") with its mark and excerpt. The
 * problem and its mark say what to fix; the context, where the broken construct began (an
 * unclosed quote is reported at the end of the file, the quote itself in the context).
 */
public final class YamlErrors {
  private static final Pattern MARK = Pattern.compile(" in '[^']*', line (\\d+), column (\\d+):");

  private YamlErrors() {}

  /**
   * {@code SOURCE: not valid YAML at line L, column C: PROBLEM (while CONTEXT at line l, column
   * c)}, on one line.
   */
  public static ConfigException invalid(String source, JsonProcessingException e) {
    List<String> lines = e.getOriginalMessage().lines().toList();
    List<String> statements = new ArrayList<>(); // SnakeYAML's unindented lines
    List<@Nullable String> marks = new ArrayList<>(); // each one's "line L, column C", or null
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      statements.add(line);
      Matcher m = i + 1 < lines.size() ? MARK.matcher(lines.get(i + 1)) : null;
      marks.add(m != null && m.matches() ? "line " + m.group(1) + ", column " + m.group(2)
          : null);
    }
    if (statements.isEmpty()) {
      return new ConfigException(source + ": not valid YAML" + at(location(e)) + ": "
          + e.getOriginalMessage().strip());
    }
    int last = statements.size() - 1;
    String where = marks.get(last) != null ? marks.get(last) : location(e);
    String context = last > 0 && statements.get(0).startsWith("while ") && marks.get(0) != null
        ? " (" + statements.get(0) + " at " + marks.get(0) + ")" : "";
    return new ConfigException(source + ": not valid YAML" + at(where) + ": "
        + statements.get(last) + context);
  }

  private static @Nullable String location(JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    return loc == null ? null : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String at(@Nullable String where) {
    return where == null ? "" : " at " + where;
  }
}
