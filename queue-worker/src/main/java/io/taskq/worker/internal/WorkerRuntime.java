package io.taskq.worker.internal;

import io.taskq.config.TaskqConfig;
import io.taskq.spi.Broker;
import io.taskq.internal.EnvelopeCodec;
import io.taskq.internal.EventPublisher;
import io.taskq.worker.TimeSource;
import java.util.function.BooleanSupplier;

/**
 * What the components of one worker share, built once by {@link io.taskq.worker.Worker} or
 * {@link InlineWorker} and handed to each of them.
 *
 * @param workerId the id claims are made under
 * @param time the one source of monotonic and wall-clock time of the worker
 * @param events told about task starts, outcomes, idle polls and lost leases
 * @param taskEvents sends task events to the event stream (when {@code events.enabled})
 * @param shuttingDown true from the start of shutdown (handlers may ask)
 * @param giveUp true once the worker stops waiting for the broker (end of shutdown)
 */
public record WorkerRuntime(Broker broker, TaskqConfig config, EnvelopeCodec codec,
    AckBatcher acks, ActiveTasks active, String workerId, TimeSource time, BrokerHealth health,
    WorkerEvents events, EventPublisher taskEvents, BooleanSupplier shuttingDown,
    BooleanSupplier giveUp) {}
