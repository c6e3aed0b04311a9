/** Tests of segnn-djl and their shared helpers. */
package io.github.segnn.djl;
