// SPDX-License-Identifier: Apache-2.0
/** Tests of the headless plots: decoded PNG size and content, CSV errors and argument checks. */
package io.github.segnn.examples.plot;
