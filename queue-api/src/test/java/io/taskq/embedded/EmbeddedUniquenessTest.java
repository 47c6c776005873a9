package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.UniquenessContractTest;

class EmbeddedUniquenessTest extends UniquenessContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
