package io.taskq.embedded;

import io.taskq.spi.Broker;
import io.taskq.spi.TaskPageContractTest;

class EmbeddedTaskPageTest extends TaskPageContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
