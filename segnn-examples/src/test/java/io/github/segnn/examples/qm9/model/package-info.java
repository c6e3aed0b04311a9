// SPDX-License-Identifier: Apache-2.0
/** Tests of the QM9 model: graphs, equivariance and the official forward pass. */
package io.github.segnn.examples.qm9.model;
