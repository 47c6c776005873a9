package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.PriorityContractTest;

class EmbeddedPriorityContractTest extends PriorityContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
