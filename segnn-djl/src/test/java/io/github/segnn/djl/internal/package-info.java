// SPDX-License-Identifier: Apache-2.0
/** Tests of the kernel, the operand layouts and the other implementation details. */
package io.github.segnn.djl.internal;
