package io.taskq.worker;

import io.taskq.embedded.EmbeddedBroker;
import io.taskq.spi.Broker;
import io.taskq.embedded.ManualClock;

class EmbeddedWorkerTest extends WorkerContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
