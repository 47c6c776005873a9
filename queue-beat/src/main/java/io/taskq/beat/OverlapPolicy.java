package io.taskq.beat;

/** What an occurrence does while the entry's previous task is still waiting or running. */
public enum OverlapPolicy {
  /** Fire anyway (the default, as Celery beat does). */
  ALLOW,
  /** Skip this occurrence while the previous task waits or runs: a slow job never stacks up. */
  SKIP
}
