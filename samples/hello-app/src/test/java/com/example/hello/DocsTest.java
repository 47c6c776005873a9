package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java in README.md and docs/getting-started.md is this module's code, so it compiles: every
 * {@code ```java} block is a run of lines (indentation aside) of one source file here. The guide's
 * commands are the ones {@link GettingStartedIT} runs, and its coordinates are this build's.
 */
class DocsTest {
  private static final Path ROOT = GettingStartedIT.ROOT;
  private static final Path SOURCES = Path.of("src/main/java/com/example/hello");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaSnippetOfTheReadmeAndTheGuideIsHelloAppCode() throws IOException {
    List<List<String>> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path f : files.toList()) {
        sources.add(lines(Files.readString(f)));
      }
    }
    for (String doc : List.of("README.md", "docs/getting-started.md")) {
      List<String> blocks = javaBlocks(Files.readString(ROOT.resolve(doc)));
      assertThat(blocks).as(doc).isNotEmpty();
      for (String block : blocks) {
        List<String> snippet = lines(block);
        assertThat(sources.stream().anyMatch(s -> containsRun(s, snippet)))
            .as("%s: this snippet is not code of samples/hello-app:%n%s", doc, block).isTrue();
      }
    }
  }

  @Test
  void theGuideShowsTheCommandsItsTestRunsAndThisBuildsCoordinates() throws IOException {
    String guide = Files.readString(ROOT.resolve("docs/getting-started.md"));

    assertThat(guide).contains(GettingStartedIT.CONFIG, GettingStartedIT.WORKER,
        GettingStartedIT.APP, GettingStartedIT.EMBEDDED)
        .contains("<groupId>io.taskq</groupId>")
        .contains("<artifactId>queue-api</artifactId>", "<artifactId>queue-broker-redis</artifactId>",
            "<artifactId>queue-worker</artifactId>")
        .contains("<version>" + System.getProperty("taskq.version") + "</version>");
  }

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** Non-blank lines, stripped of indentation. */
  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static boolean containsRun(List<String> source, List<String> run) {
    return java.util.Collections.indexOfSubList(source, run) >= 0;
  }
}
