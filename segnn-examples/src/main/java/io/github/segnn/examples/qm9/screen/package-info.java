// SPDX-License-Identifier: Apache-2.0
/**
 * Screening many molecules with a trained QM9 run: reading folders, archives and multi-record
 * files into records ({@link io.github.segnn.examples.qm9.screen.MoleculeSource}), predicting
 * them in batches ({@link io.github.segnn.examples.qm9.screen.Screening}) and writing rows ({@link
 * io.github.segnn.examples.qm9.screen.ScreenWriter}); used by {@code segnn qm9 screen} and the
 * Spark job of {@code segnn-spark}.
 */
package io.github.segnn.examples.qm9.screen;
