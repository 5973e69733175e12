using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using KubeTune.DevCluster.Storage;
using KubeTune.Local;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Tests.Packaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeTune.Operator.Tests.Progress.EndToEnd;

/// <summary>
/// ONE real training run shared by the end-to-end progress tests: the dev cluster runs the trainer pod as a local
/// process (the real trainer on the tiny BERT fixture, 24 steps), the operator runs in-process and the trainer POSTs
/// its progress with the projected token. While it runs every status is recorded; at Succeeded the fixture takes
/// kubectl's table, /metrics and the Events, then deletes the job and waits for its series to go.
/// </summary>
public sealed class ProgressEndToEndRun : IAsyncLifetime
{
    public const string Namespace = "default";
    public const string Name = "progress-e2e";
    public const int TotalSteps = 24;

    private static readonly TimeSpan JobDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DeleteDeadline = TimeSpan.FromSeconds(30);

    private readonly string work = Directory.CreateTempSubdirectory("kt-progress-e2e-").FullName;
    private readonly List<JsonObject> statuses = [];
    private LocalEnvironment? environment;

    /// <summary>status of every watch event of the job, in order, until it succeeded.</summary>
    public IReadOnlyList<JsonObject> Statuses => statuses;

    /// <summary>The FineTuneJob's status once it succeeded.</summary>
    public JsonObject Final { get; private set; } = null!;

    /// <summary>What <c>kubectl get ftj NAME</c> printed at Succeeded (stderr after stdout when it failed).</summary>
    public string Table { get; private set; } = string.Empty;

    public int TableExitCode { get; private set; }

    /// <summary>The job's kubetune_job_* samples in /metrics at Succeeded.</summary>
    public IReadOnlyList<string> Samples { get; private set; } = [];

    /// <summary>The job's kubetune_job_* samples in the last scrape after the job was deleted (empty once they went).</summary>
    public IReadOnlyList<string> SamplesAfterDelete { get; private set; } = [];

    public IReadOnlyList<JsonObject> Events { get; private set; } = [];

    /// <summary>The trainer container's environment as the operator built it.</summary>
    public IReadOnlyDictionary<string, string> TrainerEnvironmentAtSucceeded { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var trainer = await TrainerBuild.EnsureAsync();
        var paths = new LocalPaths(work);
        StageClaim(Path.Combine(paths.Claims, "e2e"));
        var crd = Path.Combine(RepositoryRoot.Path, "config", "crds", "kubetune.io_finetunejobs.yaml");
        environment = await LocalEnvironment.StartAsync(paths, 0, ["dotnet", trainer, "train"], [], crd, builder =>
        {
            builder.Services.AddFineTuneJobController();
            // Local mode chooses plain HTTP; this run takes the operator's default, HTTPS with its own CA, so the real trainer verifies it.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Progress:TlsMode"] = nameof(ProgressTlsMode.SelfIssued),
                ["ProgressBaseUrl"] = builder.Configuration["ProgressBaseUrl"]!.Replace("http://", "https://", StringComparison.Ordinal),
            });
        }, CancellationToken.None);

        using (var watch = environment.Cluster.Store.Watch(LocalRun.FineTuneJobs, Namespace, new WatchRequest()))
        {
            await environment.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Manifest(), FineTuneJob.Group, FineTuneJob.Version, Namespace, FineTuneJob.Plural);
            using var deadline = new CancellationTokenSource(JobDeadline);
            try
            {
                Final = await FollowUntilSucceededAsync(watch, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} did not succeed within {JobDeadline.TotalSeconds:0} s; last status: {statuses.LastOrDefault()?.ToJsonString()}\n{TrainerLog(paths)}");
            }
        }

        var table = await Kubectl.RunAsync("--kubeconfig", paths.Kubeconfig, "get", "finetunejob", Name, "-n", Namespace);
        (TableExitCode, Table) = (table.ExitCode, table.ExitCode == 0 ? table.Stdout : table.Stdout + table.Stderr);
        Samples = await SamplesAsync();
        var trainerJob = await environment.Client.BatchV1.ReadNamespacedJobAsync(Name, Namespace);
        TrainerEnvironmentAtSucceeded = trainerJob.Spec.Template.Spec.Containers[0].Env.ToDictionary(variable => variable.Name, variable => variable.Value);
        Events = environment.Cluster.Store.List(GroupVersionResource.Events, Namespace).Items
            .Where(item => item["involvedObject"]?["name"]?.ToString() == Name)
            .ToList();

        await environment.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(FineTuneJob.Group, FineTuneJob.Version, Namespace, FineTuneJob.Plural, Name);
        var gone = Stopwatch.StartNew();
        while (true)
        {
            SamplesAfterDelete = await SamplesAsync();
            if (SamplesAfterDelete.Count == 0 || gone.Elapsed > DeleteDeadline)
            {
                break;
            }

            // Deletion reaches the informer through a watch; poll for it.
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (environment is not null)
        {
            await environment.DisposeAsync();
        }

        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>The value of one of the job's gauges in <paramref name="samples"/>, or null when it is not there.</summary>
    public static double? Value(IReadOnlyList<string> samples, string metric) =>
        samples.FirstOrDefault(sample => sample.StartsWith(metric + "{", StringComparison.Ordinal)) is { } line
            ? double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private async Task<JsonObject> FollowUntilSucceededAsync(WatchSubscription watch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var change = await watch.Events.ReadAsync(cancellationToken);
            if (change.Object["metadata"]?["name"]?.ToString() != Name || change.Object["status"] is not JsonObject status)
            {
                continue;
            }

            statuses.Add(status.DeepClone().AsObject());
            switch (status["phase"]?.ToString())
            {
                case FineTuneJobPhase.Succeeded:
                    return status;
                case FineTuneJobPhase.Failed:
                    throw new InvalidOperationException($"{Name} failed: {status.ToJsonString()}\n{TrainerLog(new LocalPaths(work))}");
            }
        }
    }

    private async Task<IReadOnlyList<string>> SamplesAsync()
    {
        using var http = new HttpClient();
        var scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{environment!.MetricsPort}/metrics"));
        return scrape.Split('\n')
            .Where(line => line.StartsWith("kubetune_job_", StringComparison.Ordinal)
                && line.Contains($"namespace=\"{Namespace}\"", StringComparison.Ordinal)
                && line.Contains($"name=\"{Name}\"", StringComparison.Ordinal))
            .ToList();
    }

    private static string TrainerLog(LocalPaths paths) =>
        paths.NewestPodLog(Namespace, Name) is { } log ? $"--- {log}\n{File.ReadAllText(log)}" : "(no trainer pod log)";

    // 24 training rows in batches of 4 for 4 epochs: 24 steps, a checkpoint every 6 and an evaluation per epoch.
    private static JsonObject Manifest() => JsonNode.Parse($$$"""
        {
          "apiVersion": "kubetune.io/v1alpha1", "kind": "FineTuneJob",
          "metadata": {"name": "{{{Name}}}", "namespace": "{{{Namespace}}}"},
          "spec": {
            "model": {"uri": "pvc://e2e/model"},
            "task": "text-classification",
            "dataset": {"uri": "pvc://e2e/data/train.jsonl", "validationUri": "pvc://e2e/data/validation.jsonl", "fields": {"text": "sentence", "label": "label"}},
            "method": {"type": "full"},
            "hyperparameters": {"learningRate": 1.0e-3, "batchSize": 4, "epochs": 4, "maxSequenceLength": 16, "precision": "fp32", "seed": 42},
            "checkpoint": {"everySteps": 6, "keep": 1},
            "output": {"uri": "pvc://e2e/output", "format": "safetensors"},
            "resources": {"gpus": 0, "cpu": "1", "memory": "1Gi"},
            "backoffLimit": 0
          }
        }
        """)!.AsObject();

    /// <summary>The claim: the tiny BERT fixture under model/ and 32 generated sentences (24 to train, 8 to validate) under data/.</summary>
    private static void StageClaim(string claim)
    {
        var bert = Path.Combine(RepositoryRoot.HfReferenceFixtures, "bert");
        Assert.True(Directory.Exists(bert), $"the tiny BERT fixture {bert} is missing (../shared/fixtures/hf-reference beside the repository)");
        Directory.CreateDirectory(Path.Combine(claim, "model"));
        foreach (var file in new[] { "config.json", "model.safetensors", "tokenizer.json" })
        {
            File.Copy(Path.Combine(bert, file), Path.Combine(claim, "model", file));
        }

        string[] good = ["a fine film", "great acting", "loved it", "wonderful story", "very good", "a delight"];
        string[] bad = ["a dull film", "poor acting", "hated it", "boring story", "very bad", "a mess"];
        var rows = Enumerable.Range(0, 32)
            .Select(i => new JsonObject { ["sentence"] = (i % 2 == 0 ? good : bad)[i / 2 % 6], ["label"] = i % 2 == 0 ? "positive" : "negative" }.ToJsonString())
            .ToList();
        Directory.CreateDirectory(Path.Combine(claim, "data"));
        File.WriteAllLines(Path.Combine(claim, "data", "train.jsonl"), rows.Take(24));
        File.WriteAllLines(Path.Combine(claim, "data", "validation.jsonl"), rows.Skip(24));
    }
}
