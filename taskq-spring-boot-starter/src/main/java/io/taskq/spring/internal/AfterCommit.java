package io.taskq.spring.internal;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Submits held until the current Spring transaction commits, dropped when it rolls back. Each
 * transaction gets one synchronization holding its submits in call order; it is found among the
 * transaction's synchronizations, which Spring suspends and resumes with the transaction, so a
 * nested {@code REQUIRES_NEW} transaction keeps submits of its own. Used only when spring-tx is
 * on the class path.
 */
final class AfterCommit {
  private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);

  /** One held submit; {@link #toString()} names the task (never its payload). */
  interface Submit {
    void run();
  }

  private AfterCommit() {}

  /** True inside a transaction that can run code after its commit. */
  static boolean inTransaction() {
    return TransactionSynchronizationManager.isSynchronizationActive()
        && TransactionSynchronizationManager.isActualTransactionActive();
  }

  /** Holds {@code submit} until the current transaction commits; see {@link #inTransaction}. */
  static void hold(Submit submit) {
    for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
      if (s instanceof Held held) {
        held.submits.add(submit);
        return;
      }
    }
    Held held = new Held();
    held.submits.add(submit);
    TransactionSynchronizationManager.registerSynchronization(held);
  }

  /** The submits of one transaction. Runs last among the synchronizations after the commit. */
  private static final class Held implements TransactionSynchronization {
    private final List<Submit> submits = new ArrayList<>();

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * Submits each held task, in order, even when an earlier one failed; a failure is logged at
     * ERROR (the transaction committed but the task was not enqueued) and the first is thrown to
     * the code that committed, with the others attached as suppressed.
     */
    @Override
    public void afterCommit() {
      RuntimeException first = null;
      for (Submit s : submits) {
        try {
          s.run();
        } catch (RuntimeException e) {
          log.error("The transaction committed but {} was not enqueued: {}", s, e.toString());
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }

    @Override
    public void afterCompletion(int status) {
      if (status != STATUS_COMMITTED && !submits.isEmpty()) {
        log.debug("The transaction rolled back: {} held task(s) dropped", submits.size());
      }
      submits.clear();
    }
  }
}
