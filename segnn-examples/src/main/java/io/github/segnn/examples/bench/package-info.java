// SPDX-License-Identifier: Apache-2.0
/** The benchmark table of the tensor-product kernel and SEGNN training steps. */
package io.github.segnn.examples.bench;
