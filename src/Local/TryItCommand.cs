using KubeTune.Contracts;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local;

/// <summary>
/// The `predict` command for a succeeded job's output (pure): the model (or the base model and the adapter), the
/// validation data (else the training data) as input, predictions written next to the output.
/// </summary>
public static class TryItCommand
{
    public const string Prefix = "dotnet run --project src/TrainerImage -c Release -- predict";

    public const string PredictionsFileName = "predictions.jsonl";

    /// <param name="hostPath">Maps a pvc:// or file:// URI to this machine's path (null for hf:// and https://).</param>
    public static string? For(FineTuneJob job, Func<string?, string?> hostPath)
    {
        if (hostPath(job.Status?.Output?.Uri ?? job.Spec.Output?.Uri) is not { } output)
        {
            return null;
        }

        var model = $"--model {Quote(output)}";
        if (job.Spec.Output?.Format == OutputFormat.PeftAdapter)
        {
            model = $"--model {Quote(hostPath(job.Spec.Model.Uri) ?? "BASE_MODEL_DIR")} --adapter {Quote(output)}";
        }

        var input = hostPath(job.Spec.Dataset.ValidationUri) ?? hostPath(job.Spec.Dataset.Uri) ?? "INPUT";
        var fields = job.Spec.Dataset.Fields;
        var options = new List<string>();
        if (job.Spec.Task == FineTuneTask.TextClassification && fields?.Text is { } text && text != Defaults.TextField)
        {
            options.Add($"--text-field {Quote(text)}");
        }

        if (fields?.Label is { } label && label != Defaults.LabelField && FineTuneTask.IsClassification(job.Spec.Task))
        {
            options.Add($"--label-field {Quote(label)}");
        }

        if (job.Spec.Task is FineTuneTask.CausalLm or FineTuneTask.Instruction && fields?.Prompt is { } prompt && prompt != Defaults.PromptField)
        {
            options.Add($"--prompt-field {Quote(prompt)}");
        }

        var extra = options.Count > 0 ? " " + string.Join(' ', options) : "";
        return $"{Prefix} {model} --input {Quote(input)} --output {Quote(Path.Combine(output, PredictionsFileName))}{extra}";
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "/._-+=:@,".Contains(c)) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
