package io.taskq.inspect;

/** The exit codes of every {@code taskq} command (see {@code docs/cli.md}). */
public final class ExitCodes {
  /** Success, OK. */
  public static final int OK = 0;
  /** Failed check, not found, over threshold, DEGRADED, configuration error. */
  public static final int FAILED = 1;
  /** DOWN, or Redis unreachable. */
  public static final int DOWN = 2;
  /**
   * Refused: purge without {@code --force} and no terminal; Redis refused a write (out of memory);
   * {@code call --count} enqueued only part of its tasks.
   */
  public static final int REFUSED = 3;
  /** Usage error: bad arguments. */
  public static final int USAGE = 64;

  private ExitCodes() {}
}
