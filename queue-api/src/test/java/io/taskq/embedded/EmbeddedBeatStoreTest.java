package io.taskq.embedded;

import io.taskq.spi.BeatStoreContractTest;
import io.taskq.spi.Broker;
import io.taskq.spi.MutableClock;

class EmbeddedBeatStoreTest extends BeatStoreContractTest {
  @Override
  protected Broker newBroker(MutableClock clock) {
    return new EmbeddedBroker(clock);
  }
}
