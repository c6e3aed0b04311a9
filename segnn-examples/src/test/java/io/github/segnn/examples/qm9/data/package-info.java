// SPDX-License-Identifier: Apache-2.0
/** Tests of the QM9 molecules, targets, split, standardization and dataset. */
package io.github.segnn.examples.qm9.data;
