// SPDX-License-Identifier: Apache-2.0
/** Tests of {@code io.github.segnn.djl.model}. */
package io.github.segnn.djl.model;
