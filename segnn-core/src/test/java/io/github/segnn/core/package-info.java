// SPDX-License-Identifier: Apache-2.0
/** Test helpers shared by the core tests. */
package io.github.segnn.core;
