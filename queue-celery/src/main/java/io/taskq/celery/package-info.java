/**
 * Celery wire compatibility on Redis: {@link io.taskq.celery.CeleryProtocol} lets a taskq worker
 * serve Celery's queues ({@code taskq worker --protocol celery}) and write results that Python's
 * {@code AsyncResult.get()} reads; {@link io.taskq.celery.CeleryClient} sends tasks that a real
 * {@code celery worker} runs and reads their results. See docs/celery.md.
 */
@NullMarked
package io.taskq.celery;

import org.jspecify.annotations.NullMarked;
