package io.taskq.spi;

/**
 * The contract every {@link Broker} meets. A broker module extends this class and supplies
 * {@link #newBroker(MutableClock)}; all tests here run against it. Placeholder: being written.
 */
public abstract class BrokerContractTest {

  /**
   * A fresh broker with no tasks, whose clock ({@link Broker#now()}, due times, lease deadlines)
   * follows {@code clock}. Closed by the suite after each test.
   */
  protected abstract Broker newBroker(MutableClock clock);
}
