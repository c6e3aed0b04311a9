// SPDX-License-Identifier: Apache-2.0
/**
 * Downloading the QM9 release files: resumable, checked against their size and SHA-256, and
 * moved into place only when complete.
 */
package io.github.segnn.examples.qm9.download;
