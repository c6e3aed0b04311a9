// SPDX-License-Identifier: Apache-2.0
/** Tests of the {@code segnn qm9} commands. */
package io.github.segnn.examples.qm9.cli;
