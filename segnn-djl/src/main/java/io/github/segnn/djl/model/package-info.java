/** Graph network models as DJL Blocks, such as the E(n)-equivariant EGNN of Satorras et al. (2021). */
package io.github.segnn.djl.model;
