// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code Criteria} loading and prediction of trained QM9 runs. */
package io.github.segnn.examples.qm9.inference;
