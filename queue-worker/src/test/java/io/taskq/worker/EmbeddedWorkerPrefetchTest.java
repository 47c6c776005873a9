package io.taskq.worker;

import io.taskq.embedded.EmbeddedBroker;
import io.taskq.embedded.ManualClock;
import io.taskq.spi.Broker;

class EmbeddedWorkerPrefetchTest extends WorkerPrefetchContractTest {
  @Override
  protected Broker newBroker(ManualClock clock) {
    return new EmbeddedBroker(clock);
  }
}
