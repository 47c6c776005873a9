/**
 * Celery's Redis wire format (messages, result meta, list keys) and the parts that move messages
 * between Celery's lists and taskq's queues. May change without notice.
 */
@NullMarked
package io.taskq.celery.internal;

import org.jspecify.annotations.NullMarked;
