package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.QueueAdminContractTest;

class EmbeddedQueueAdminTest extends QueueAdminContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
