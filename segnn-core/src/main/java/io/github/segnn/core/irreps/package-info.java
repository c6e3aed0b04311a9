// SPDX-License-Identifier: Apache-2.0
/** Irreducible representations of O(3) and feature layouts built from them (e3nn conventions). */
package io.github.segnn.core.irreps;
