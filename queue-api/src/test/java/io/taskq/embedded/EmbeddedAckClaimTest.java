package io.taskq.embedded;

import io.taskq.spi.AckClaimContractTest;
import io.taskq.spi.Broker;

class EmbeddedAckClaimTest extends AckClaimContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
