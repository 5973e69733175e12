using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local.Tests;

public sealed class LocalCommandTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // Reads the output path the operator rendered into job.json (as the dev cluster mapped it to the host), then
    // writes an eval.json there as the trainer does.
    private const string WritingTrainer = """
        out=$(grep -o '"outputPath": *"[^"]*"' "$2" | tail -1 | sed 's/.*"\([^"]*\)"$/\1/')
        mkdir -p "$out"
        printf '{"eval_accuracy":0.75,"eval_f1":0.7,"eval_loss":0.5,"eval_examples":4,"labels":["neg","pos"],"confusion_matrix":[[2,1],[0,1]]}' > "$out/eval.json"
        """;

    private readonly LocalRunFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task RunAsync_JobSucceeds_ExitsZeroPrintsStatusEvaluationAndWritesOutput()
    {
        var file = fixture.Write("job.yaml", Manifest("tiny"));

        // The trainer waits until the run printed the Running phase, which a trainer this fast could otherwise skip.
        var release = Path.Combine(fixture.Root, "release");
        var trainer = fixture.Write("trainer.sh", $"until [ -f {release} ]; do sleep 0.02; done\n{WritingTrainer}");

        var run = fixture.RunAsync(file, $"sh {trainer}", default, "-o", "json");
        await fixture.UntilAsync(() => fixture.SoFar().Contains("tiny: phase Pending → Running", StringComparison.Ordinal), "the Running phase", Deadline);
        await File.WriteAllTextAsync(release, string.Empty);
        var code = await run;

        Assert.True(code == LocalCommand.ExitSucceeded, $"exit {code}\n{fixture.Output}\n{fixture.Error}");
        var final = JsonNode.Parse(fixture.Output.ToString())!;
        Assert.Equal("Succeeded", final["status"]!["phase"]!.GetValue<string>());
        var evalFile = Path.Combine(fixture.WorkDirectory, "pvc", "models", "tiny-out", "eval.json");
        Assert.True(File.Exists(evalFile), $"no {evalFile}\n{fixture.Error}");
        var printed = fixture.Error.ToString();
        Assert.Equal([FineTuneJobPhase.Pending, FineTuneJobPhase.Running, FineTuneJobPhase.Succeeded], PrintedPhases.Of(printed, "tiny"));
        Assert.Contains("tiny: Succeeded=True Completed", printed);
        Assert.Contains("✓ tiny succeeded", printed);
        Assert.Contains($"output: {Path.GetDirectoryName(evalFile)} (pvc://models/tiny-out)", printed);
        Assert.Contains("accuracy 0.7500, F1 (macro) 0.7000", printed);
        Assert.Matches(@"│ neg\s+│\s+2 │\s+1 │", printed);
    }

    [Fact]
    public async Task RunAsync_TrainerRejectsItsInput_ExitsNonZeroAndPrintsTheFailureReason()
    {
        var file = fixture.Write("job.yaml", Manifest("broken"));

        var code = await fixture.RunAsync(file, "sh -c 'echo \"error: dataset has no label column\" >&2; exit 2' sh");

        Assert.Equal(LocalCommand.ExitJobFailed, code);
        var printed = fixture.Output.ToString();
        var phases = PrintedPhases.Of(printed, "broken");
        Assert.Equal(FineTuneJobPhase.Pending, phases[0]);
        Assert.Equal(FineTuneJobPhase.Failed, phases[^1]);
        Assert.Contains("broken: Failed=True", printed);
        Assert.Matches(@"✗ broken failed.*: \w+: .+", printed);
        var log = Assert.Single(Directory.GetFiles(Path.Combine(fixture.WorkDirectory, "pods", "default"), "container.log", SearchOption.AllDirectories));
        Assert.Contains($"trainer log: {log}", printed);
        Assert.Contains("dataset has no label column", File.ReadAllText(log));
    }

    [Fact]
    public async Task RunAsync_Interrupted_StopsTheTrainerAndExits130()
    {
        var file = fixture.Write("job.yaml", Manifest("long"));
        var pidFile = Path.Combine(fixture.Root, "trainer.pid");
        using var interrupt = new CancellationTokenSource();

        var trainerScript = fixture.Write("trainer.sh", $"echo $$ > {pidFile}\nexec sleep 300\n");

        var run = fixture.RunAsync(file, $"sh {trainerScript}", interrupt.Token);
        await fixture.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the trainer to start", Deadline);
        var trainer = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        await interrupt.CancelAsync();
        var code = await run;

        Assert.Equal(LocalCommand.ExitInterrupted, code);
        Assert.Contains("interrupted", fixture.Output.ToString());
        Assert.True(trainer.HasExited, "the trainer process still runs after the local command returned");
    }

    [Fact]
    public async Task RunAsync_SpecRejectedByTheSchema_ExitsTwoNamingTheField()
    {
        var file = fixture.Write("job.yaml", Manifest("bad").Replace("task: text-classification", "task: summarization", StringComparison.Ordinal));

        var code = await fixture.RunAsync(file, "true");

        Assert.Equal(LocalCommand.ExitInvalidInput, code);
        Assert.Contains("FineTuneJob default/bad was rejected", fixture.Output.ToString());
        Assert.Contains("spec.task", fixture.Output.ToString());
    }

    [Fact]
    public async Task RunAsync_MisspeltNestedField_ExitsTwoNamingTheFieldAndRunsNoTrainer()
    {
        var file = fixture.Write("job.yaml", Manifest("typo") + "\n  hyperparameters: {maxStep: 60}\n");

        var code = await fixture.RunAsync(file, "true");

        Assert.Equal(LocalCommand.ExitInvalidInput, code);
        // The plain console wraps at 120 columns: compare the words, not the line breaks.
        var printed = Regex.Replace(fixture.Output.ToString(), @"\s+", " ");
        Assert.Contains("FineTuneJob default/typo was rejected", printed);
        Assert.Contains("strict decoding error: unknown field \"spec.hyperparameters.maxStep\"", printed);
        Assert.False(Directory.Exists(Path.Combine(fixture.WorkDirectory, "pods", "default")), $"a trainer pod ran for the rejected job\n{printed}");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task RunAsync_Help_PrintsUsageAndExitsZeroStartingNothing(string flag)
    {
        var code = await fixture.RunAsync("job.yaml", "true", default, flag);

        Assert.Equal(LocalCommand.ExitSucceeded, code);
        Assert.StartsWith(LocalOptions.Usage, fixture.Output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--metrics-port PORT", fixture.Output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", fixture.Error.ToString());
        Assert.False(Directory.Exists(fixture.WorkDirectory), "help started a run");
    }

    [Fact]
    public async Task RunAsync_UnclosedBraceInFlowMapping_ExitsTwoNamingFileLineAndColumn()
    {
        var file = fixture.Write("job.yaml", Manifest("broken").Replace("model: {uri: pvc://models/base}", "model: {uri: pvc://models/base", StringComparison.Ordinal));

        var code = await fixture.RunAsync(file, "true");

        Assert.Equal(LocalCommand.ExitInvalidInput, code);
        Assert.Matches($@"^error: {Regex.Escape(file)}: invalid YAML at line 6, column \d+: ", fixture.Error.ToString());
        Assert.DoesNotContain("   at ", fixture.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MetricsPortTaken_ExitsTwoNamingThePortAndTheOption()
    {
        using var taken = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetworkV6, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { DualMode = true };
        taken.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Any, 0));
        taken.Listen();
        var port = ((System.Net.IPEndPoint)taken.LocalEndPoint!).Port;
        var file = fixture.Write("job.yaml", Manifest("port"));

        var code = await fixture.RunAsync(file, "true", default, "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(LocalCommand.ExitInvalidInput, code);
        var printed = Regex.Replace(fixture.Output.ToString(), @"\s+", " ");
        Assert.Contains($"error: port {port} is in use by another program; choose another with --metrics-port PORT", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", printed, StringComparison.Ordinal);
    }

    private static string Manifest(string name) => $"""
        apiVersion: kubetune.io/v1alpha1
        kind: FineTuneJob
        metadata:
          name: {name}
        spec:
          model: {"{"}uri: pvc://models/base{"}"}
          task: text-classification
          dataset: {"{"}uri: file://data/train.jsonl, fields: {"{"}text: text, label: label{"}"}{"}"}
          output: {"{"}uri: pvc://models/{name}-out{"}"}
          backoffLimit: 0
        """;
}
