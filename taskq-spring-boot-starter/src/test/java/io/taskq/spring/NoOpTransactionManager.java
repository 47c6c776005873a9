package io.taskq.spring;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A transaction manager without a resource: real Spring transactions (begin, commit, rollback,
 * synchronizations, suspension for REQUIRES_NEW) with nothing to write.
 */
public final class NoOpTransactionManager extends AbstractPlatformTransactionManager {
  @Override
  protected Object doGetTransaction() {
    return new Object();
  }

  @Override
  protected void doBegin(Object transaction, TransactionDefinition definition) {}

  @Override
  protected Object doSuspend(Object transaction) {
    return transaction;
  }

  @Override
  protected void doResume(Object transaction, Object suspendedResources) {}

  @Override
  protected void doCommit(DefaultTransactionStatus status) {}

  @Override
  protected void doRollback(DefaultTransactionStatus status) {}
}
