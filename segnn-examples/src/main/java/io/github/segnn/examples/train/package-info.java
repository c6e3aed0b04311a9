// SPDX-License-Identifier: Apache-2.0
/** Experiment-independent training: the DJL training loop with checkpoints, resume and metrics. */
package io.github.segnn.examples.train;
