// SPDX-License-Identifier: Apache-2.0
/** Tests of the QM9 experiment, the sample molecules they share and a tiny trained run. */
package io.github.segnn.examples.qm9;
