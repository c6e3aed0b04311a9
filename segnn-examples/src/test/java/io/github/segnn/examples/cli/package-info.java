/** Tests of the {@code segnn} root command. */
package io.github.segnn.examples.cli;
