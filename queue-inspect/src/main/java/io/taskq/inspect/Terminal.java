package io.taskq.inspect;

import java.io.Console;

/**
 * Whether standard input or standard error is a terminal. The JDK cannot tell for one stream
 * ({@code System.console()} tests stdin and stdout together), so {@code bin/taskq} tests
 * {@code [ -t 0 ]} and {@code [ -t 2 ]} and passes {@code -Dtaskq.tty.stdin} and
 * {@code -Dtaskq.tty.stderr}. Without them (another launcher) a console on a terminal counts as
 * both: {@code System.console()} on JDK 21, {@code Console.isTerminal()} on JDK 22+ (where a
 * console exists even when the streams are redirected).
 */
public final class Terminal {
  private Terminal() {}

  /** True when standard input is a terminal, so a question can be answered. */
  public static boolean stdin() {
    return is("taskq.tty.stdin");
  }

  /** True when standard error is a terminal, so logs are for a person to read. */
  public static boolean stderr() {
    return is("taskq.tty.stderr");
  }

  private static boolean is(String property) {
    String v = System.getProperty(property);
    return v != null ? Boolean.parseBoolean(v) : consoleIsTerminal();
  }

  private static boolean consoleIsTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only on a terminal
    }
  }
}
