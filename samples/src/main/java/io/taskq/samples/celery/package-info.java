/**
 * Java handlers for the tasks of the Celery peer app ({@code celery_worker_app.py}): what
 * {@code taskq worker --protocol celery} serves out of the box.
 */
@NullMarked
package io.taskq.samples.celery;

import org.jspecify.annotations.NullMarked;
