// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code segnn qm9} command group: {@code download}, {@code info}, {@code train}, {@code
 * eval}, {@code predict} and {@code screen}, with the options they share.
 */
package io.github.segnn.examples.qm9.cli;
