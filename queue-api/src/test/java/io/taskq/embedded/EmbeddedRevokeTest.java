package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.RevokeContractTest;

class EmbeddedRevokeTest extends RevokeContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
