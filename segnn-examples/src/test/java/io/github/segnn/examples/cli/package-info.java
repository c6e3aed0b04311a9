// SPDX-License-Identifier: Apache-2.0
/** Tests of the {@code segnn} root command. */
package io.github.segnn.examples.cli;
