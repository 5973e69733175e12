using TorchSharp;

namespace KubeTune.Trainer.Tests.Models;

/// <summary>A tensor dictionary read from disk, disposed with the test.</summary>
public sealed class DisposableTensors(Dictionary<string, torch.Tensor> tensors) : IDisposable
{
    public IReadOnlyDictionary<string, torch.Tensor> Tensors => tensors;

    public void Dispose()
    {
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
    }
}
