using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Training;

/// <summary>
/// The weights the optimizer updates and checkpoints hold: the model's own fp32 parameters, or fp32 master copies of a
/// bf16 model (<see cref="Bf16MasterWeights"/>). Checkpoints, best weights and outputs always see fp32 tensors.
/// </summary>
public interface ITrainableWeights : IDisposable
{
    /// <summary>"fp32" or "bf16": the dtype forward and backward compute in.</summary>
    string ComputePrecision { get; }

    /// <summary>AdamW over the weights, with transformers' decay grouping.</summary>
    AdamW CreateOptimizer(double learningRate, double weightDecay);

    /// <summary>After each micro-batch's backward: moves the model's gradients to where the optimizer reads them.</summary>
    void AfterBackward();

    /// <summary>Clips to <paramref name="maxGradNorm"/> (0: no clipping), steps, zeroes the gradients and updates the compute model.</summary>
    void Step(AdamW optimizer, double maxGradNorm);

    /// <summary>Trainable parameters and buffers by state_dict name, in fp32 (checkpoints, best weights).</summary>
    IEnumerable<KeyValuePair<string, torch.Tensor>> ChangingTensors();

    /// <summary>Copies checkpoint tensors into the weights (and the compute model).</summary>
    void CopyInto(IReadOnlyDictionary<string, torch.Tensor> tensors, string source);

    /// <summary>Leaves the model in fp32 holding the trained weights, ready to save; the object is spent afterwards.</summary>
    void Release();
}
