// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.inference;

import ai.djl.Model;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/** Makes the {@link NbodyTranslator} of an N-body run from the Criteria arguments ({@link NbodyRunSettings}). */
public final class NbodyTranslatorFactory implements TranslatorFactory {

    /** Creates the factory. */
    public NbodyTranslatorFactory() {
        // stateless
    }

    /** {@inheritDoc} */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(ParticleSystem.class, ParticlePrediction.class));
    }

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("an N-body run translates ParticleSystem to ParticlePrediction, not "
                    + input.getName() + " to " + output.getName());
        }
        return (Translator<I, O>) new NbodyTranslator(NbodyRunSettings.of(arguments));
    }
}
