using TorchSharp;

namespace KubeTune.Trainer.Models;

/// <summary>Copies checkpoint tensors into a model by exact Hugging Face names.</summary>
public static class StateDictLoader
{
    /// <summary>
    /// Copies every tensor (converting dtype). Missing or unexpected names and shape mismatches are errors naming
    /// them, except in the task head, which keeps its fresh initialisation with a warning.
    /// </summary>
    public static void Load(PretrainedModel model, IReadOnlyDictionary<string, torch.Tensor> checkpoint, string source, Action<string> warn)
    {
        var targets = model.state_dict();
        var tensors = AddBasePrefixIfAbsent(model, targets, checkpoint);
        var unexpected = tensors.Keys
            .Where(name => !targets.ContainsKey(name) && !model.TiedParameters.ContainsKey(name) && !model.IsIgnorableCheckpointKey(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var missing = targets.Keys
            .Where(name => !tensors.ContainsKey(name) && !model.TiedParameters.ContainsKey(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var missingOutsideHead = missing.Where(name => !IsHead(model, name)).ToList();
        if (unexpected.Count > 0 || missingOutsideHead.Count > 0)
        {
            throw new InvalidInputException(
                $"{source}: checkpoint does not match {model.Architecture}: " +
                $"missing [{string.Join(", ", missingOutsideHead)}], unexpected [{string.Join(", ", unexpected)}]");
        }

        if (missing.Count > 0)
        {
            warn($"{source}: no weights for the task head [{string.Join(", ", missing)}]; it is newly initialised");
        }

        using var noGrad = torch.no_grad();
        foreach (var (name, target) in targets)
        {
            if (!tensors.TryGetValue(name, out var tensor))
            {
                continue;
            }

            if (!target.shape.SequenceEqual(tensor.shape))
            {
                var shapes = $"checkpoint [{string.Join(", ", tensor.shape)}], model [{string.Join(", ", target.shape)}]";
                if (!IsHead(model, name))
                {
                    throw new InvalidInputException($"{source}: tensor '{name}' has shape {shapes}");
                }

                warn($"{source}: task head tensor '{name}' has shape {shapes} (another label count); it is newly initialised");
                continue;
            }

            target.copy_(tensor);
        }
    }

    private static bool IsHead(PretrainedModel model, string name) =>
        model.TaskHeadPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    // A checkpoint of the bare base model (e.g. GPT2Model) stores "h.0..." where the head model expects "transformer.h.0...".
    private static IReadOnlyDictionary<string, torch.Tensor> AddBasePrefixIfAbsent(
        PretrainedModel model, IDictionary<string, torch.Tensor> targets, IReadOnlyDictionary<string, torch.Tensor> checkpoint)
    {
        if (model.BaseModelPrefix is not { } prefix)
        {
            return checkpoint;
        }

        var dotted = prefix + ".";
        var modelUsesPrefix = targets.Keys.Any(name => name.StartsWith(dotted, StringComparison.Ordinal));
        var checkpointUsesPrefix = checkpoint.Keys.Any(name => name.StartsWith(dotted, StringComparison.Ordinal));
        if (!modelUsesPrefix || checkpointUsesPrefix)
        {
            return checkpoint;
        }

        return checkpoint.ToDictionary(
            pair => targets.ContainsKey(pair.Key) ? pair.Key : dotted + pair.Key,
            pair => pair.Value,
            StringComparer.Ordinal);
    }
}
