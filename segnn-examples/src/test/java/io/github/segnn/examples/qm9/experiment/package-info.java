// SPDX-License-Identifier: Apache-2.0
/** Tests of QM9 training runs. */
package io.github.segnn.examples.qm9.experiment;
