/** Tests of the training helpers (learning-rate milestones). */
package io.github.segnn.examples.train;
