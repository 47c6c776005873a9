/**
 * The shared internals of taskq's own modules (client, inspector, worker, beat, broker, CLI, test
 * kit): the task envelope and its codec, the default client and inspector. Applications never use
 * this package: nothing here is API, and it may change without notice in any release. No public
 * signature outside {@code internal} packages shows its types. It is the only internal package
 * used across modules: every other {@code ...internal} package stays inside its module (checked by
 * queue-cli's {@code LayeringTest}).
 */
@NullMarked
package io.taskq.internal;

import org.jspecify.annotations.NullMarked;
