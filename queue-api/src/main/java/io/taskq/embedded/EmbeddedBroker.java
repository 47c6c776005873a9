package io.taskq.embedded;

import io.taskq.spi.Broker;
import java.time.InstantSource;

/**
 * An in-memory {@link Broker} with the Redis broker's semantics. Placeholder: being written.
 */
public abstract class EmbeddedBroker implements Broker {
  public EmbeddedBroker() {}

  public EmbeddedBroker(InstantSource clock) {}
}
