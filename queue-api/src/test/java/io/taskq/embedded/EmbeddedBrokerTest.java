package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.BrokerContractTest;
import io.taskq.spi.MutableClock;

class EmbeddedBrokerTest extends BrokerContractTest {
  @Override
  protected Broker newBroker(MutableClock clock) {
    return new EmbeddedBroker(clock);
  }
}
