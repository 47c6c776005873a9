package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.InspectorHealthContractTest;

class EmbeddedInspectorHealthTest extends InspectorHealthContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
