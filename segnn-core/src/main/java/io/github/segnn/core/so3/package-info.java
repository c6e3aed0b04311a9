// SPDX-License-Identifier: Apache-2.0
/** Spherical harmonics, Wigner 3j and Wigner D matrices in e3nn's real basis (y polar). */
package io.github.segnn.core.so3;
