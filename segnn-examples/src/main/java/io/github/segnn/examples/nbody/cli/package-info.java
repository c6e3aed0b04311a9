// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code segnn nbody} command group: {@code generate}, {@code train}, {@code eval}, {@code
 * predict} and {@code import-weights}, with the options they share.
 */
package io.github.segnn.examples.nbody.cli;
