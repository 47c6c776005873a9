package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.RecordsContractTest;

class EmbeddedRecordsTest extends RecordsContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
