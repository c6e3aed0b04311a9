// SPDX-License-Identifier: Apache-2.0
/**
 * Headless PNG plots of the experiments, drawn with JFreeChart.
 *
 * <ul>
 *   <li>{@link io.github.segnn.examples.plot.LearningCurves} turns a run's metrics CSV ({@code
 *       epoch,train_loss,valid,test,seconds}) into learning curves on a logarithmic axis; a
 *       malformed file is reported as a {@link
 *       io.github.segnn.examples.plot.MetricsFormatException} naming the file and line.
 *   <li>{@link io.github.segnn.examples.plot.TrajectoryPlot} draws input, true and predicted
 *       particle positions of up to four systems as x–y panels with equal aspect ratio.
 * </ul>
 *
 * <p><b>Headless.</b> Both classes render into off-screen images and never need a display. Their
 * static initialisers set the system property {@code java.awt.headless=true} when it has no value,
 * before any AWT class is initialised, so a run on a machine without X (a cluster node, CI, ssh)
 * does not fail with {@code HeadlessException} or "Can't connect to X11 window server". A value
 * given on the command line ({@code -Djava.awt.headless=false}) is respected, and the property has
 * no effect if an application already initialised AWT before the first plot; in that case it
 * needs a display or {@code -Djava.awt.headless=true} itself.
 *
 * <p>The classes are stateless and safe to call from several threads. Each PNG is written to a
 * temporary file next to the target and moved into place, so an interrupted plot never leaves a
 * truncated image.
 */
package io.github.segnn.examples.plot;
