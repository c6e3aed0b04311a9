// SPDX-License-Identifier: Apache-2.0
/** Tests of the N-body file layouts, data folders and the DJL dataset. */
package io.github.segnn.examples.nbody.data;
