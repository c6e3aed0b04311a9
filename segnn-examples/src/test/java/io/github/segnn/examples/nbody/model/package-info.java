// SPDX-License-Identifier: Apache-2.0
/** Tests of the N-body model Block: shapes, equivariance, the gravity variant. */
package io.github.segnn.examples.nbody.model;
