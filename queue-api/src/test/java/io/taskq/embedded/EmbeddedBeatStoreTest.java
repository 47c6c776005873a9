package io.taskq.embedded;

import io.taskq.spi.BeatStoreContractTest;
import io.taskq.spi.Broker;

class EmbeddedBeatStoreTest extends BeatStoreContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
