package com.example.invoices;

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
 * docs/testing.md shows the files of this package as they are: every {@code ```java} block is one
 * of them without its package line, and every example file except this one is shown.
 */
class DocsTest {
  private static final Path DOC = Path.of("../docs/testing.md");
  private static final Path EXAMPLES = Path.of("src/test/java/com/example/invoices");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaBlockOfTheTestingGuideIsAnExampleFileAsItIs() throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(Files.readString(DOC));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    List<String> examples = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : files.sorted().toList()) {
        if (!f.getFileName().toString().equals("DocsTest.java")) {
          examples.add(withoutPackageLine(Files.readString(f)));
        }
      }
    }

    assertThat(blocks).as("the java blocks of %s", DOC).containsExactlyInAnyOrderElementsOf(
        examples);
  }

  @Test
  void theGuideDependsOnThisBuildsVersionInTestScope() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher version = Pattern.compile("<parent>.*?<version>(.*?)</version>", Pattern.DOTALL)
        .matcher(pom);
    assertThat(version.find()).isTrue();

    assertThat(Files.readString(DOC)).contains("""
        <dependency>
          <groupId>io.taskq</groupId>
          <artifactId>queue-test</artifactId>
          <version>%s</version>
          <scope>test</scope>
        </dependency>
        """.formatted(version.group(1)));
  }

  private static String withoutPackageLine(String source) {
    assertThat(source).startsWith("package com.example.invoices;\n\n");
    return source.substring("package com.example.invoices;\n\n".length());
  }
}
