package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.ClaimLimitContractTest;

class EmbeddedClaimLimitTest extends ClaimLimitContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
