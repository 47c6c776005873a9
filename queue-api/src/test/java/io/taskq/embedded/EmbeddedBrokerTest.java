package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.BrokerContractTest;

class EmbeddedBrokerTest extends BrokerContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
