using System.Globalization;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using Spectre.Console;

namespace KubeTune.Local;

/// <summary>
/// The end of a local run: per job, success with where the output is and its evaluation, or the failure reason; a
/// search adds its trials table, best first.
/// </summary>
public sealed class SummaryWriter(IAnsiConsole console, LocalPaths paths)
{
    public void Write(FineTuneJob job)
    {
        WriteOutcome(job);
        if (SearchText.IsSearch(job) && job.Status?.Trials is { Count: > 0 })
        {
            WriteTrials(job);
        }
    }

    private void WriteTrials(FineTuneJob job)
    {
        var goal = job.Spec.Search?.Objective?.Goal ?? Defaults.SearchGoal;
        console.MarkupLine($"  trials, best {Markup.Escape(SearchText.Metric(job))} ({Markup.Escape(goal)}) first:");
        foreach (var line in TrialTable.Format(job).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var text = "  " + Markup.Escape(line.TrimEnd('\r'));
            console.MarkupLine(line.TrimEnd('\r').EndsWith(TrialTable.BestMark, StringComparison.Ordinal) ? $"[green]{text}[/]" : text);
        }
    }

    private void WriteOutcome(FineTuneJob job)
    {
        var name = Markup.Escape(JobText.Name(job));
        var took = job.Status?.StartTime is { } start && job.Status.CompletionTime is { } end ? $" in {JobText.Duration(end - start)}" : string.Empty;
        if (!JobText.Succeeded(job))
        {
            console.MarkupLine($"[red]✗ {name} failed{took}[/]: {Markup.Escape(JobText.FailureReason(job))}");
            if (paths.NewestPodLog(job.Metadata.NamespaceProperty, job.Metadata.Name) is { } log)
            {
                console.MarkupLine($"  trainer log: {Markup.Escape(log)}");
            }

            return;
        }

        console.MarkupLine($"[green]✓ {name} succeeded{took}[/]");
        var uri = job.Status?.Output?.Uri ?? job.Spec.Output?.Uri;
        var output = paths.HostPath(uri);
        console.MarkupLine($"  output: {Markup.Escape(output ?? uri ?? "(none)")}{(output is not null && uri is not null && !uri.StartsWith("file://", StringComparison.Ordinal) ? $" ({Markup.Escape(uri)})" : string.Empty)}");
        WriteEvaluation(job, output);
        if (TryItCommand.For(job, paths.HostPath) is { } command)
        {
            // Straight to the writer: the console would wrap a long command into lines that no longer paste.
            console.Profile.Out.Writer.WriteLine($"  try it: {command}");
        }
    }

    private void WriteEvaluation(FineTuneJob job, string? output)
    {
        EvalSummary? eval;
        try
        {
            eval = output is null ? null : EvalSummary.Read(output);
        }
        catch (FormatException error)
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(error.Message)}[/]");
            return;
        }

        if (eval is null)
        {
            var metrics = job.Status?.Metrics;
            if (metrics?.EvalAccuracy is not null || metrics?.EvalLoss is not null)
            {
                console.MarkupLine($"  evaluation: {Markup.Escape(Metrics(metrics.EvalAccuracy, metrics.EvalF1, metrics.EvalLoss, metrics.Perplexity))}");
            }

            return;
        }

        var examples = eval.Examples is { } count ? $" on {count} validation examples" : string.Empty;
        console.MarkupLine($"  evaluation{examples}: {Markup.Escape(Metrics(eval.Accuracy, eval.F1, eval.EvalLoss, eval.Perplexity))}");
        if (eval.ConfusionMatrix.Count > 0)
        {
            console.MarkupLine("  confusion matrix (rows: true label, columns: predicted):");
            console.Write(ConfusionTable(eval));
        }
    }

    private static string Metrics(double? accuracy, double? f1, double? loss, double? perplexity)
    {
        var parts = new List<string>();
        Add(parts, "accuracy", accuracy);
        Add(parts, "F1 (macro)", f1);
        Add(parts, "eval loss", loss);
        Add(parts, "perplexity", perplexity);
        return string.Join(", ", parts);
    }

    private static void Add(List<string> parts, string name, double? value)
    {
        if (value is { } number)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {number:0.0000}"));
        }
    }

    // Rows are the true labels, columns the predictions; the diagonal is what the model got right.
    private static Table ConfusionTable(EvalSummary eval)
    {
        var labels = Enumerable.Range(0, eval.ConfusionMatrix.Count)
            .Select(i => i < eval.Labels.Count ? eval.Labels[i] : i.ToString(CultureInfo.InvariantCulture))
            .ToList();
        var table = new Table();
        table.AddColumn(new TableColumn("true \\ predicted"));
        foreach (var label in labels)
        {
            table.AddColumn(new TableColumn(Markup.Escape(label)).RightAligned());
        }

        for (var row = 0; row < eval.ConfusionMatrix.Count; row++)
        {
            var cells = new List<string> { Markup.Escape(labels[row]) };
            cells.AddRange(eval.ConfusionMatrix[row].Select((count, column) =>
                column == row ? $"[green]{count}[/]" : count.ToString(CultureInfo.InvariantCulture)));
            table.AddRow([.. cells]);
        }

        return table;
    }
}
