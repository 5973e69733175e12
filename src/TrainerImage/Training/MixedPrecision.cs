using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>
/// hyperparameters.precision → how the loop holds its weights. bf16: bf16 compute with fp32 master weights and fp32
/// optimizer state; fp16 trains in fp32 with a note (fp16 needs loss scaling, which this trainer does not do); fp32 as is.
/// </summary>
public static class MixedPrecision
{
    public const string Fp32 = "fp32";
    public const string Bf16 = "bf16";
    public const string Fp16 = "fp16";

    public static ITrainableWeights Create(torch.nn.Module model, string precision, TextWriter diagnostics)
    {
        switch (precision)
        {
            case Bf16:
                return new Bf16MasterWeights(model);
            case Fp16:
                diagnostics.WriteLine("note: hyperparameters.precision fp16 trains in fp32 (fp16 needs loss scaling, which this trainer does not do; use bf16 for mixed precision)");
                return new Fp32Weights(model);
            case Fp32:
                return new Fp32Weights(model);
            default:
                throw new InvalidInputException($"hyperparameters.precision '{precision}' is not one of {Fp32}, {Bf16}, {Fp16}");
        }
    }
}
