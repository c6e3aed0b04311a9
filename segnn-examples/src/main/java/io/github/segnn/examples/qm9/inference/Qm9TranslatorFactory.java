// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.inference;

import ai.djl.Model;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.github.segnn.examples.qm9.experiment.Qm9RunInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Makes the {@link Qm9Translator} of a QM9 run folder (the folder of the loaded {@link Model}),
 * for {@code Criteria.builder().setTypes(Molecule.class, Prediction.class)}.
 */
public final class Qm9TranslatorFactory implements TranslatorFactory {

    /** Creates the factory. */
    public Qm9TranslatorFactory() {
        // stateless
    }

    /** {@inheritDoc} */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(Molecule.class, Prediction.class));
    }

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("a QM9 run translates Molecule to Prediction, not " + input.getName()
                    + " to " + output.getName());
        }
        try {
            return (Translator<I, O>) new Qm9Translator(Qm9RunInfo.read(Qm9BlockFactory.runFolder(model.getModelPath())));
        } catch (IOException e) {
            throw new TranslateException(e.getMessage(), e);
        }
    }
}
