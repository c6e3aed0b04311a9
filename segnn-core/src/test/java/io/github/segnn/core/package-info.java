/** Test helpers shared by the core tests. */
package io.github.segnn.core;
