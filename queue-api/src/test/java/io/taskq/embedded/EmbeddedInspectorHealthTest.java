package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.InspectorHealthContractTest;
import io.taskq.spi.MutableClock;

class EmbeddedInspectorHealthTest extends InspectorHealthContractTest {
  @Override
  protected Broker newBroker(MutableClock clock) {
    return new EmbeddedBroker(clock);
  }
}
