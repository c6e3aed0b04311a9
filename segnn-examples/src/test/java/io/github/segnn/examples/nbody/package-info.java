// SPDX-License-Identifier: Apache-2.0
/** Tests of the N-body simulators, generators, file layouts and the generate command. */
package io.github.segnn.examples.nbody;
