using TorchSharp;

namespace KubeTune.Trainer.Models.Lora;

/// <summary>Copies saved tensors into a model's tensors of the same names; any missing, extra or mis-shaped one is an input error.</summary>
internal static class ExactTensorCopy
{
    /// <param name="what">What the tensors are, for the error ("adapter", "modules_to_save").</param>
    /// <param name="shapeHint">Appended to a shape error: how to fix it.</param>
    public static void Copy(IReadOnlyDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> saved, string source, string what, string shapeHint = "")
    {
        var missing = targets.Keys.Where(name => !saved.ContainsKey(name)).ToList();
        var unexpected = saved.Keys.Where(name => !targets.ContainsKey(name)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new InvalidInputException($"{source}: {what} does not match the model: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        }

        using var noGrad = torch.no_grad();
        foreach (var (name, target) in targets)
        {
            if (!target.shape.SequenceEqual(saved[name].shape))
            {
                throw new InvalidInputException($"{source}: '{name}' has shape [{string.Join(", ", saved[name].shape)}], the model needs [{string.Join(", ", target.shape)}]{shapeHint}");
            }

            target.copy_(saved[name]);
        }
    }
}
