package io.taskq.worker;

import io.taskq.embedded.EmbeddedBroker;
import io.taskq.spi.Broker;

class EmbeddedWorkerClaimLimitTest extends WorkerClaimLimitContractTest {
  @Override
  protected Broker newBroker() {
    return new EmbeddedBroker();
  }
}
