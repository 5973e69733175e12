using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>
/// hyperparameters.precision → how the loop holds its weights. bf16: bf16 compute with fp32 master weights and fp32
/// optimizer state; fp16 trains in fp32 with a note (fp16 needs loss scaling, which this trainer does not do); fp32 as is.
/// </summary>
public static class MixedPrecision
{
    public static ITrainableWeights Create(torch.nn.Module model, string precision, TextWriter diagnostics)
    {
        switch (precision)
        {
            case Precision.Bf16:
                return new Bf16MasterWeights(model);
            case Precision.Fp16:
                diagnostics.WriteLine("note: hyperparameters.precision fp16 trains in fp32 (fp16 needs loss scaling, which this trainer does not do; use bf16 for mixed precision)");
                return new Fp32Weights(model);
            case Precision.Fp32:
                return new Fp32Weights(model);
            default:
                throw new InvalidInputException($"hyperparameters.precision '{precision}' is not one of {string.Join(", ", Precision.All)}");
        }
    }
}
