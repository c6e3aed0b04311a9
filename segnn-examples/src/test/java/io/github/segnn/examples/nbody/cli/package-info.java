// SPDX-License-Identifier: Apache-2.0
/** Tests of the {@code segnn nbody} commands. */
package io.github.segnn.examples.nbody.cli;
