using System.Globalization;
using System.Text.RegularExpressions;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Local.Tests;

/// <summary>local with spec.search: a line per trial phase change, progress lines per running trial, the trials table at the end.</summary>
public sealed class LocalCommandSearchTests : IDisposable
{
    private readonly LocalRunFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task RunAsync_GridSearchSampleWithRealTrainer_ExitsZeroPrintingTrialLinesAndTheTableBestFirst()
    {
        var trainer = await TrainerBuild.EnsureAsync();
        TinyBertWorkspace.Create(Path.Combine(fixture.WorkDirectory, "pvc"));
        var sample = Path.Combine(RepositoryRoot.Path, "config", "samples", "search-grid-bert.yaml");

        var code = await fixture.RunAsync(sample, $"dotnet {trainer} train");

        var printed = fixture.Output.ToString();
        Assert.True(code == LocalCommand.ExitSucceeded, $"exit {code}\n{printed}\n{fixture.Error}");
        Assert.Contains("search-grid-bert-t0: Pending · batchSize=8 learningRate=0.0005", printed);
        Assert.Matches(@"search-grid-bert-t\d: Succeeded · (24|12) steps · eval_loss \d\.\d{4}", printed);
        Assert.Matches(@"(?m)^search-grid-bert-t\d  step \d+/(24|12)", printed);
        Assert.Contains("✓ search-grid-bert succeeded", printed);

        // The median rule may stop a bad trial early on a slow machine; it keeps the objective it reached.
        var rows = Regex.Matches(printed, $@"(?m)^  (search-grid-bert-t\d)\s+(Succeeded|EarlyStopped)\s+(\d\.\d{{4}})\s+\d+\s+batchSize=\d+ learningRate=[\d.]+\s*({Regex.Escape(TrialTable.BestMark)})?$");
        Assert.True(rows.Count == 4, $"expected 4 trial rows\n{printed}");
        static double Objective(Match row) => double.Parse(row.Groups[3].Value, CultureInfo.InvariantCulture);
        var objectives = rows.Select(Objective).ToList();
        Assert.Equal(objectives.Order(), objectives);
        var best = Assert.Single(rows, row => row.Groups[4].Success);
        Assert.Equal("Succeeded", best.Groups[2].Value);
        Assert.Equal(rows.Where(row => row.Groups[2].Value == "Succeeded").Min(Objective), Objective(best));
        var output = Path.Combine(fixture.WorkDirectory, "pvc", "models", "search-grid-bert", "trials", "t" + best.Groups[1].Value[^1..]);
        Assert.Contains($"output: {output}", printed);
    }

    [Fact]
    public async Task RunAsync_SearchWhereOneTrialFails_ExitsZeroAndListsTheFailedTrial()
    {
        var file = fixture.Write("search.yaml", """
            apiVersion: kubetune.io/v1alpha1
            kind: FineTuneJob
            metadata:
              name: sweep
            spec:
              model: {uri: pvc://models/base}
              task: text-classification
              dataset: {uri: pvc://data/train.jsonl, fields: {text: text, label: label}}
              search:
                algorithm: grid
                parallelTrials: 2
                objective: {metric: eval_loss, goal: minimize}
                parameters:
                  learningRate: {values: [1.0e-4, 1.0e-3, 1.0e-2]}
              output: {uri: pvc://models/sweep}
              backoffLimit: 0
            """);

        // The trial whose output is trials/t1 rejects its input (exit 2: permanent); the others succeed.
        var trainer = fixture.Write("trainer.sh", "if grep -q 'trials/t1' \"$2\"; then echo 'error: bad trial' >&2; exit 2; fi\n");

        var code = await fixture.RunAsync(file, $"sh {trainer}");

        var printed = fixture.Output.ToString();
        Assert.True(code == LocalCommand.ExitSucceeded, $"exit {code}\n{printed}");
        Assert.Contains("sweep-t1: Failed", printed);
        Assert.Contains("sweep-t0: Succeeded", printed);
        Assert.Contains("✓ sweep succeeded", printed);
        Assert.Matches(@"(?m)^  sweep-t0\s+Succeeded\s+-\s+(\d+|-)\s+learningRate=0.0001$", printed);
        Assert.Matches(@"(?m)^  sweep-t1\s+Failed\s+-\s+(\d+|-)\s+learningRate=0.001$", printed);
        Assert.Matches(@"(?m)^  sweep-t2\s+Succeeded\s+-\s+(\d+|-)\s+learningRate=0.01$", printed);
    }
}
