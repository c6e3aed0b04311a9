// SPDX-License-Identifier: Apache-2.0
/**
 * QM9 file formats: the extended-XYZ files of the release ({@link
 * io.github.segnn.examples.qm9.io.Qm9XyzParser}), the release archive or a folder of them ({@link
 * io.github.segnn.examples.qm9.io.Qm9Reader}, decompressed in parallel), the {@code qm9pack} CSV
 * tables ({@code Qm9PackReader}) and the list of uncharacterized
 * molecules ({@link io.github.segnn.examples.qm9.io.Qm9Exclusions}).
 */
package io.github.segnn.examples.qm9.io;
