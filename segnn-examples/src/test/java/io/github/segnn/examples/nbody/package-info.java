// SPDX-License-Identifier: Apache-2.0
/** Tests of the N-body experiments, and access to their test resources (which lie in this package). */
package io.github.segnn.examples.nbody;
