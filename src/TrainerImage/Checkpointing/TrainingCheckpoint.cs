using System.Runtime.InteropServices;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Checkpointing;

/// <summary>
/// The files of one checkpoint: the tensors training changes (trainable parameters and buffers; for LoRA only the
/// adapter), the optimizer's moments and step counts, the torch RNG state and <see cref="TrainerState"/>.
/// </summary>
public static class TrainingCheckpoint
{
    public const string WeightsFileName = "trainable.safetensors";
    public const string BestWeightsFileName = "best_trainable.safetensors";
    public const string OptimizerFileName = "optimizer.bin";
    public const string RngFileName = "rng_state.safetensors";
    private const string CpuRngName = "cpu";

    public static void Write(string directory, torch.nn.Module model, OptimizerHelper optimizer, TrainerState state, IReadOnlyDictionary<string, torch.Tensor>? bestWeights) =>
        Write(directory, ChangingTensors(model), optimizer, state, bestWeights);

    /// <summary>Writes <paramref name="weights"/> (the fp32 tensors training changes, e.g. bf16 training's masters) with the rest.</summary>
    public static void Write(string directory, IEnumerable<KeyValuePair<string, torch.Tensor>> weights, OptimizerHelper optimizer, TrainerState state, IReadOnlyDictionary<string, torch.Tensor>? bestWeights)
    {
        SafetensorsFile.Write(Path.Combine(directory, WeightsFileName), weights);
        if (bestWeights is not null)
        {
            SafetensorsFile.Write(Path.Combine(directory, BestWeightsFileName), bestWeights);
        }

        optimizer.save_state_dict(Path.Combine(directory, OptimizerFileName));
        using var rng = torch.random.get_rng_state();
        SafetensorsFile.Write(Path.Combine(directory, RngFileName), [KeyValuePair.Create(CpuRngName, rng)]);
        state.Save(directory);
    }

    /// <summary>Loads weights, optimizer and RNG into a model built the same way as the run that saved them; returns its state and best weights.</summary>
    public static (TrainerState State, Dictionary<string, torch.Tensor>? BestWeights) Restore(string directory, torch.nn.Module model, OptimizerHelper optimizer) =>
        Restore(directory, (tensors, source) => CopyInto(model, tensors, source), optimizer);

    /// <summary>
    /// As above, with <paramref name="copyInto"/> taking the weights (e.g. into bf16 training's masters). A file that
    /// cannot be read is an input error naming it (exit 2), whichever file it is.
    /// </summary>
    public static (TrainerState State, Dictionary<string, torch.Tensor>? BestWeights) Restore(string directory, Action<IReadOnlyDictionary<string, torch.Tensor>, string> copyInto, OptimizerHelper optimizer)
    {
        var state = Reading(Path.Combine(directory, TrainerState.FileName), _ => TrainerState.Load(directory));
        var weightsPath = Path.Combine(directory, WeightsFileName);
        var weights = Reading(weightsPath, SafetensorsFile.Read);
        try
        {
            Reading(weightsPath, path => copyInto(weights, path));
        }
        finally
        {
            foreach (var tensor in weights.Values)
            {
                tensor.Dispose();
            }
        }

        Reading(Path.Combine(directory, OptimizerFileName), optimizer.load_state_dict);
        var rng = Reading(Path.Combine(directory, RngFileName), SafetensorsFile.Read);
        Reading(Path.Combine(directory, RngFileName), _ => torch.random.set_rng_state(rng.TryGetValue(CpuRngName, out var cpu)
            ? cpu
            : throw new InvalidDataException($"no '{CpuRngName}' tensor")));
        var bestPath = Path.Combine(directory, BestWeightsFileName);
        var best = state.HasBestWeights && File.Exists(bestPath) ? Reading(bestPath, SafetensorsFile.Read) : null;
        return (state, best);
    }

    private static void Reading(string path, Action<string> read) => Reading(path, p =>
    {
        read(p);
        return true;
    });

    private static T Reading<T>(string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or ExternalException or FormatException)
        {
            var reason = e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message[path.Length..].TrimStart(':', ' ') : e.Message;
            throw new InvalidInputException($"{path}: the checkpoint file cannot be restored: {reason}", e);
        }
    }

    /// <summary>Trainable parameters and all buffers by state_dict name: what differs from the base model during training.</summary>
    public static IEnumerable<KeyValuePair<string, torch.Tensor>> ChangingTensors(torch.nn.Module model) =>
        model.named_parameters().Where(pair => pair.parameter.requires_grad).Select(pair => KeyValuePair.Create(pair.name, (torch.Tensor)pair.parameter))
            .Concat(model.named_buffers().Select(pair => KeyValuePair.Create(pair.name, pair.buffer)));

    /// <summary>Copies tensors into the model's same-named parameters and buffers (on the model's device).</summary>
    public static void CopyInto(torch.nn.Module model, IReadOnlyDictionary<string, torch.Tensor> tensors, string source)
    {
        var targets = ChangingTensors(model).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var missing = targets.Keys.Where(name => !tensors.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{source}: checkpoint lacks [{string.Join(", ", missing.Take(5))}] of this model; was it written by another method or model?");
        }

        using var noGrad = torch.no_grad();
        foreach (var (name, target) in targets)
        {
            target.copy_(tensors[name]);
        }
    }
}
