package io.taskq.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskq.ConfigException;
import org.junit.jupiter.api.Test;

class WorkerProtocolTest {
  @Test
  void anUnknownProtocolIsAConfigErrorNamingTheProtocolsFound() {
    assertThatThrownBy(() -> WorkerProtocol.find("celery", WorkerProtocolTest.class
        .getClassLoader()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--protocol celery: no such protocol on the class path (found: taskq); put"
            + " the jar that provides it (e.g. queue-celery) on --classpath");
  }
}
