// SPDX-License-Identifier: Apache-2.0
/** Training helpers for DJL's Trainer: an Adam whose state can be checkpointed. */
package io.github.segnn.djl.training;
