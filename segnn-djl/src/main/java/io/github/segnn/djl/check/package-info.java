// SPDX-License-Identifier: Apache-2.0
/** The public equivariance checker and the slot declarations Blocks use with it. */
package io.github.segnn.djl.check;
