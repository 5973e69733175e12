using KubeTune.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Training.GcSafe;

/// <summary>
/// TorchSharp's AdamW with a step that keeps every Scalar it hands to libtorch referenced until the native call has
/// returned (TorchSharp's own step makes ~8 temporary Scalars per parameter that a GC started by another thread can
/// free mid-call, docs/training.md). Same groups, options and per-parameter state (so optimizer.bin is unchanged)
/// and the same operations in the same order, so results are bitwise those of <c>torch.optim.AdamW</c>:
/// p *= 1 - lr·wd; m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε).
/// </summary>
// Named AdamW because TorchSharp writes the class name into optimizer.bin and checks it on load: checkpoints stay
// readable both ways (old runs' files here, these files by torch's AdamW).
public sealed class AdamW : TorchSharp.Modules.AdamW
{
    private readonly Dictionary<TorchSharp.Modules.ParamGroup, AdamWHyperparameterScalars> hyperparameters = new(ReferenceEqualityComparer.Instance);

    public AdamW(IEnumerable<ParamGroup> groups, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(groups, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    public override torch.Tensor step(Func<torch.Tensor>? closure = null) =>
        _step<TorchSharp.Modules.ParamGroup>(StepGroup, closure);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var kept in hyperparameters.Values)
        {
            kept.Dispose();
        }

        hyperparameters.Clear();
    }

    private void StepGroup(TorchSharp.Modules.ParamGroup group)
    {
        var options = (Options)group.Options;
        if (options.amsgrad == true || options.maximize == true)
        {
            throw new NotSupportedException("the GC-safe AdamW implements AdamW without amsgrad and maximize");
        }

        var kept = Hyperparameters(group, options);
        var learningRate = options.LearningRate!.Value;
        var weightDecay = options.weight_decay!.Value;
        // Per-step values live in using locals: referenced until the group's last native call has returned.
        using var decay = (1 - (learningRate * weightDecay)).ToScalar();
        BiasCorrectionScalars? corrections = null;
        try
        {
            foreach (var parameter in group.Parameters)
            {
                using var gradient = parameter.grad;
                if (gradient is null)
                {
                    continue;
                }

                var state = (State)_state[parameter.Handle];
                state.step += 1;
                if (weightDecay != 0)
                {
                    // Multiplying by exactly 1 changes nothing, so a group without decay skips the kernel.
                    parameter.mul_(decay);
                }

                if (corrections is null || corrections.Step != state.step)
                {
                    corrections?.Dispose();
                    corrections = new BiasCorrectionScalars(state.step, kept.Beta1Value, kept.Beta2Value, learningRate);
                }

                state.exp_avg.mul_(kept.Beta1).add_(gradient, kept.OneMinusBeta1);
                state.exp_avg_sq.mul_(kept.Beta2).addcmul_(gradient, gradient, kept.OneMinusBeta2);
                using var denominator = state.exp_avg_sq.sqrt().div_(corrections.SqrtBiasCorrection2).add_(kept.Epsilon, KeptScalars.One);
                parameter.addcdiv_(state.exp_avg, denominator, corrections.NegativeStepSize);
            }
        }
        finally
        {
            corrections?.Dispose();
        }
    }

    private AdamWHyperparameterScalars Hyperparameters(TorchSharp.Modules.ParamGroup group, Options options)
    {
        var (beta1, beta2, epsilon) = (options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
        if (hyperparameters.TryGetValue(group, out var kept) && kept.Matches(beta1, beta2, epsilon))
        {
            return kept;
        }

        kept?.Dispose();
        return hyperparameters[group] = new AdamWHyperparameterScalars(beta1, beta2, epsilon);
    }
}
