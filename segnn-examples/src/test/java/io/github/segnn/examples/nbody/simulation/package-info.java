// SPDX-License-Identifier: Apache-2.0
/** Tests of the N-body simulators and generators against the reference generator's numbers. */
package io.github.segnn.examples.nbody.simulation;
