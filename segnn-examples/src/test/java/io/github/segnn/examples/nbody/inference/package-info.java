// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code Criteria} loading and prediction of trained N-body runs. */
package io.github.segnn.examples.nbody.inference;
