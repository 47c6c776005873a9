package io.taskq.worker;

import io.taskq.embedded.EmbeddedBroker;
import io.taskq.spi.Broker;
import io.taskq.spi.MutableClock;

class EmbeddedWorkerTest extends WorkerContractTest {
  @Override
  protected Broker newBroker(MutableClock clock) {
    return new EmbeddedBroker(clock);
  }
}
