// SPDX-License-Identifier: Apache-2.0
/** The public-API listing of segnn-core and segnn-djl and the test that keeps it current. */
package io.github.segnn.djl.api;
