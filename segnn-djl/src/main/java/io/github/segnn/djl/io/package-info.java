// SPDX-License-Identifier: Apache-2.0
/**
 * Files: weight exchange with the official PyTorch SEGNN (e3nn layout), files written whole or not
 * at all, and I/O failures described for users (the file and the reason).
 */
package io.github.segnn.djl.io;
