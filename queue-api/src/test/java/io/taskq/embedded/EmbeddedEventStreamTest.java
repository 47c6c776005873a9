package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.EventStreamContractTest;

class EmbeddedEventStreamTest extends EventStreamContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
