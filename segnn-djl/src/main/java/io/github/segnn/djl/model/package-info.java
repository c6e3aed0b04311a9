/** SEGNN and EGNN models and layers as DJL Blocks with builders. */
package io.github.segnn.djl.model;
