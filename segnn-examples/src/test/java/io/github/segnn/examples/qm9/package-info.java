// SPDX-License-Identifier: Apache-2.0
/** Tests of the QM9 data classes on 20 real release molecules and small derived fixtures. */
package io.github.segnn.examples.qm9;
