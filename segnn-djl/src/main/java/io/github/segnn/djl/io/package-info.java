// SPDX-License-Identifier: Apache-2.0
/** Weight exchange with the official PyTorch SEGNN (e3nn layout). */
package io.github.segnn.djl.io;
