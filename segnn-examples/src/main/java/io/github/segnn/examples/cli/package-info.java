// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code segnn} command line ({@link io.github.segnn.examples.cli.SegnnCli}); experiment
 * groups such as {@code nbody} register themselves as its sub-commands.
 */
package io.github.segnn.examples.cli;
