using KubeTune.Trainer.Checkpointing;
using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Training;

/// <summary>Plain fp32 training: the model's parameters are the optimizer's, gradients stay where backward puts them.</summary>
public sealed class Fp32Weights : ITrainableWeights
{
    private readonly torch.nn.Module model;
    private readonly List<Parameter> trainable;

    public Fp32Weights(torch.nn.Module model)
    {
        this.model = model;
        trainable = model.parameters().Where(parameter => parameter.requires_grad).ToList();
    }

    public string ComputePrecision => Precision.Fp32;

    public AdamW CreateOptimizer(double learningRate, double weightDecay) => AdamWFactory.Create(model, learningRate, weightDecay);

    public void AfterBackward()
    {
    }

    public void Step(AdamW optimizer, double maxGradNorm)
    {
        if (maxGradNorm > 0)
        {
            torch.nn.utils.clip_grad_norm_(trainable, maxGradNorm);
        }

        optimizer.step();
        optimizer.zero_grad();
    }

    public IEnumerable<KeyValuePair<string, torch.Tensor>> ChangingTensors() => TrainingCheckpoint.ChangingTensors(model);

    public void CopyInto(IReadOnlyDictionary<string, torch.Tensor> tensors, string source) => TrainingCheckpoint.CopyInto(model, tensors, source);

    public void Release()
    {
    }

    public void Dispose()
    {
    }
}
