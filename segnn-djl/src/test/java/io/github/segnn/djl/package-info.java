// SPDX-License-Identifier: Apache-2.0
/** Tests of segnn-djl and their shared helpers. */
package io.github.segnn.djl;
