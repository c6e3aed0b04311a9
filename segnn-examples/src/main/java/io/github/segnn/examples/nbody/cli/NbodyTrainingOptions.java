// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.nbody.cli;

import io.github.segnn.examples.nbody.model.NbodyArchitecture;
import io.github.segnn.examples.train.LearningRateSchedule;
import io.github.segnn.examples.train.TrainingTechniques;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The training-recipe options of {@code nbody train}: {@code --recipe} and the techniques it may set
 * (optimizer, schedule, warm-up, floor, weight average or SWA, gradient clipping, early stopping) with the
 * learning-rate scaling by batch size. {@link #resolve} gives each option its value: the command
 * line's where given, else the recipe's ({@link NbodyRecipe}), else the paper's default.
 */
public final class NbodyTrainingOptions {

    /** The batch size of the paper, relative to which {@code --lr-scaling} scales the rate. */
    static final int PAPER_BATCH = 100;

    @Option(names = "--recipe", defaultValue = "paper", paramLabel = "paper|tuned",
            converter = RecipeConverter.class,
            description = "Named set of training options: paper (the paper's and the official code's settings, "
                    + "the defaults below) or tuned (smaller batches, AdamW, cosine schedule with warm-up, weight "
                    + "average, early stopping; see README). Options given on the command line override the "
                    + "recipe's (default ${DEFAULT-VALUE}).")
    NbodyRecipe recipe;

    @Option(names = "--optimizer", paramLabel = "adam|adamw",
            description = "adam: --weight-decay is an L2 term added to the gradient (torch.optim.Adam, the paper); "
                    + "adamw: decoupled, each weight shrinks by lr * weight decay before the step (torch.optim.AdamW)"
                    + " (default adam).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "step|cosine|onecycle",
            description = "Learning-rate schedule, per optimizer update: step (constant, or --lr-milestones), cosine "
                    + "(linear warm-up, cosine decay to --min-lr at the last epoch), onecycle (linear warm-up from "
                    + "lr/25, linear decay to --min-lr) (default step).")
    String schedule;

    @Option(names = "--warmup-epochs", paramLabel = "N",
            description = "Epochs of linear learning-rate warm-up, cosine and onecycle only (default 0).")
    Integer warmupEpochs;

    @Option(names = "--min-lr", paramLabel = "X",
            description = "Learning rate at the end of cosine and onecycle, in [0, --lr) (default 0).")
    Float minLr;

    @Option(names = "--ema-decay", paramLabel = "X",
            description = "Keep an exponential moving average of the weights with this decay, in [0, 1), e.g. 0.999,"
                    + " and evaluate and save the best model with it (eval then uses it through best.params); 0: off"
                    + " (default 0).")
    Float emaDecay;

    @Option(names = "--swa-start-epoch", paramLabel = "E",
            description = "Stochastic weight averaging: evaluate and save the best model with the equal average of the"
                    + " weights after each epoch from epoch E on (before it, the weights themselves); not with "
                    + "--ema-decay, and given here it replaces the recipe's --ema-decay; 0: off (default 0).")
    Integer swaStartEpoch;

    @Option(names = "--clip-grad-norm", paramLabel = "X",
            description = "Scale the gradients down so that their global 2-norm over all parameters is at most X, "
                    + "before each update (torch.nn.utils.clip_grad_norm_); 0: off (default 0).")
    Float clipGradNorm;

    @Option(names = "--lr-scaling", paramLabel = "none|linear|sqrt",
            description = "Scale --lr by the batch size relative to the paper's " + PAPER_BATCH + ": linear (x B/"
                    + PAPER_BATCH + ") or sqrt (x sqrt(B/" + PAPER_BATCH + ")) (default none).")
    String lrScaling;

    @Option(names = "--early-stop-patience", paramLabel = "N",
            description = "End the run after N evaluations (see --eval-every) without a better validation MSE; the "
                    + "best epoch's model stays in best.params; 0: never (default 0).")
    Integer earlyStopPatience;

    /** Creates the options; picocli fills the fields. */
    public NbodyTrainingOptions() {
        // picocli
    }

    /**
     * Returns the batch size of the run: {@code --batch-size} where given, else the recipe's, else the
     * command's default. The batch size is resolved before the other options, which are checked
     * against it.
     *
     * @param spec the command, to see which options were given
     * @param batchSize {@code --batch-size} as parsed (its default where not given)
     * @param model the model trained (a recipe may set other values for some models)
     * @return the batch size
     * @throws ParameterException where the recipe's value is not a whole number (a recipe bug)
     */
    public int batchSize(CommandSpec spec, int batchSize, NbodyArchitecture model) {
        Picker p = new Picker(spec, recipe.settings(model));
        try {
            return parseInt("--batch-size", p.pick("--batch-size", Integer.toString(batchSize)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (with --recipe " + recipe.flag() + ")");
        }
    }

    /**
     * The values of a run after the recipe.
     *
     * @param epochs the epochs
     * @param lr the learning rate, scaled by the batch size
     * @param weightDecay the weight decay
     * @param techniques the techniques
     */
    public record Resolved(int epochs, float lr, float weightDecay, TrainingTechniques techniques) {}

    /**
     * Gives every option its value (command line, else recipe, else default) and checks them.
     *
     * @param spec the command, to see which options were given
     * @param epochs {@code --epochs} as parsed (its default where not given)
     * @param lr {@code --lr} as parsed
     * @param weightDecay {@code --weight-decay} as parsed
     * @param batchSize the batch size
     * @param milestones {@code --lr-milestones}
     * @param gamma {@code --lr-gamma}
     * @param model the model trained (a recipe may set other values for some models)
     * @param log where the learning-rate scaling is reported
     * @return the values
     * @throws ParameterException naming the option and the reason
     */
    public Resolved resolve(CommandSpec spec, int epochs, float lr, float weightDecay, int batchSize, int[] milestones,
            float gamma, NbodyArchitecture model, Consumer<String> log) {
        Picker p = new Picker(spec, recipe.settings(model));
        CommandLine cl = spec.commandLine();
        try {
            int e = Integer.parseInt(p.pick("--epochs", Integer.toString(epochs)));
            float rate = Float.parseFloat(p.pick("--lr", Float.toString(lr)));
            float wd = Float.parseFloat(p.pick("--weight-decay", Float.toString(weightDecay)));
            TrainingTechniques.Optimizer opt = parseOptimizer(p.pick("--optimizer", optimizer, "adam"));
            LearningRateSchedule sched = LearningRateSchedule.parse(p.pick("--schedule", schedule, "step"));
            int warmup = parseInt("--warmup-epochs", p.pick("--warmup-epochs", str(warmupEpochs), "0"));
            float floor = parseFloat("--min-lr", p.pick("--min-lr", str(minLr), "0"));
            float ema = parseFloat("--ema-decay", p.pick("--ema-decay", str(emaDecay), "0"));
            int swa = parseInt("--swa-start-epoch", p.pick("--swa-start-epoch", str(swaStartEpoch), "0"));
            if (swa > 0 && given(spec, "--swa-start-epoch") && !given(spec, "--ema-decay")) {
                // SWA asked for on the command line replaces the recipe's exponential average
                ema = 0f;
            }
            float clip = parseFloat("--clip-grad-norm", p.pick("--clip-grad-norm", str(clipGradNorm), "0"));
            int patience = parseInt("--early-stop-patience",
                    p.pick("--early-stop-patience", str(earlyStopPatience), "0"));
            String scaling = p.pick("--lr-scaling", lrScaling, "none").trim().toLowerCase(Locale.ROOT);
            double factor = switch (scaling) {
                case "none" -> 1;
                case "linear" -> batchSize / (double) PAPER_BATCH;
                case "sqrt" -> Math.sqrt(batchSize / (double) PAPER_BATCH);
                default -> throw new IllegalArgumentException("--lr-scaling must be none, linear or sqrt, got '"
                        + lrScaling + "'");
            };
            float scaled = (float) (rate * factor);
            if (!"none".equals(scaling)) {
                log.accept(String.format(Locale.ROOT, "learning rate %.4g x %s(%d/%d) = %.4g (--lr-scaling %s)", rate,
                        scaling, batchSize, PAPER_BATCH, scaled, scaling));
            }
            TrainingTechniques t = new TrainingTechniques(opt, sched, warmup, floor, ema, swa, clip, patience);
            if (e >= 1 && scaled > 0) {
                // the schedule's own checks: warm-up shorter than the run, floor below the rate, milestones
                sched.tracker(scaled, floor, warmup, e, milestones, gamma, 1);
            }
            return new Resolved(e, scaled, wd, t);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage()
                    + (recipe == NbodyRecipe.PAPER ? "" : " (with --recipe " + recipe.flag() + ")"));
        }
    }

    private static boolean given(CommandSpec spec, String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Gives an option of one run its value: the command line's where given, else the recipe's for
     * the run's model ({@code recipe}: {@link NbodyRecipe#settings}), else a fallback (by default the
     * command's).
     */
    private record Picker(CommandSpec spec, Map<String, String> recipe) {
        String pick(String option, String given) {
            return pick(option, given, given);
        }

        String pick(String option, String given, String fallback) {
            if (given(spec, option)) {
                return given;
            }
            String r = recipe.get(option);
            return r != null ? r : fallback;
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static TrainingTechniques.Optimizer parseOptimizer(String v) {
        for (TrainingTechniques.Optimizer o : TrainingTechniques.Optimizer.values()) {
            if (o.flag().equalsIgnoreCase(v.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("--optimizer must be adam or adamw, got '" + v + "'");
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got '" + v + "'");
        }
    }

    private static float parseFloat(String option, String v) {
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, got '" + v + "'");
        }
    }

    /** Converts {@code --recipe} values. */
    static final class RecipeConverter implements CommandLine.ITypeConverter<NbodyRecipe> {
        @Override
        public NbodyRecipe convert(String value) {
            for (NbodyRecipe r : NbodyRecipe.values()) {
                if (r.flag().equalsIgnoreCase(value.trim())) {
                    return r;
                }
            }
            throw new CommandLine.TypeConversionException("--recipe must be paper or tuned, got '" + value + "'");
        }
    }
}
