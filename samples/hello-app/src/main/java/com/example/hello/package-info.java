/**
 * The getting-started application: one task definition, a producer main and an embedded worker.
 */
@NullMarked
package com.example.hello;

import org.jspecify.annotations.NullMarked;
