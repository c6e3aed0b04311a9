// SPDX-License-Identifier: Apache-2.0
/**
 * Molecule screening with a trained QM9 run as an Apache Spark job: {@link
 * io.github.segnn.spark.ScreenJob} reads molecules into a Dataset, opens one DJL predictor per
 * partition and writes predictions as Parquet.
 */
package io.github.segnn.spark;
