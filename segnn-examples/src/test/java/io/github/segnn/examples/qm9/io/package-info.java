// SPDX-License-Identifier: Apache-2.0
/** Tests of the QM9 file formats. */
package io.github.segnn.examples.qm9.io;
