package io.taskq.spi;

import io.taskq.embedded.ManualClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Where every broker contract class starts: per test, a fresh broker whose clock is a
 * {@link ManualClock}, and a queue name of that test only. A broker module extends a contract
 * class and supplies {@link #newBroker(ManualClock)}.
 */
public abstract class BrokerContractBase {
  private static final AtomicInteger QUEUES = new AtomicInteger();

  protected ManualClock clock;
  protected Broker broker;
  /** A queue name of this test only. */
  protected String q;

  /**
   * A broker with no tasks in the test's queues, whose clock ({@link Broker#now()}, due times,
   * lease deadlines) follows {@code clock}. Closed after each test.
   */
  protected abstract Broker newBroker(ManualClock clock);

  @BeforeEach
  void setUpBroker(TestInfo info) {
    clock = new ManualClock();
    broker = newBroker(clock);
    q = "c" + QUEUES.incrementAndGet() + "-" + info.getTestMethod().orElseThrow().getName();
    if (q.length() > 64) {
      q = q.substring(0, 64);
    }
  }

  @AfterEach
  void closeBroker() {
    broker.close();
  }
}
