/**
 * The shared internals of taskq's own modules (client, inspector, worker, beat, CLI, test kit):
 * the task envelope and its codec, the default client and inspector. Applications never use this
 * package: nothing here is API, and it may change without notice in any release. No public
 * signature outside {@code internal} packages shows its types.
 */
@NullMarked
package io.taskq.internal;

import org.jspecify.annotations.NullMarked;
