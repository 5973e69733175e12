using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Tests.Api;

public sealed class FineTuneJobSerializationTests
{
    [Fact]
    public void Serialize_NewJobWithSomeFields_WritesCamelCaseAndOmitsAbsentNumbers()
    {
        var job = new FineTuneJob
        {
            Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = "default" },
            Spec = new FineTuneJobSpec
            {
                Model = new ModelSource { Uri = "pvc://models/bert-tiny" },
                Task = FineTuneTask.TextClassification,
                Hyperparameters = new Hyperparameters { LearningRate = 3e-5, WarmupRatio = 0 },
                Output = new OutputSpec { Uri = "pvc://models/out" },
            },
        };

        var json = JsonNode.Parse(KubernetesJson.Serialize(job))!.AsObject();

        Assert.Equal("kubetune.io/v1alpha1", json["apiVersion"]!.GetValue<string>());
        Assert.Equal("FineTuneJob", json["kind"]!.GetValue<string>());
        var hyperparameters = json["spec"]!["hyperparameters"]!.AsObject();
        Assert.Equal(3e-5, hyperparameters["learningRate"]!.GetValue<double>());
        // An explicit 0 is kept, an absent value is not written as 0.
        Assert.Equal(0, hyperparameters["warmupRatio"]!.GetValue<double>());
        Assert.False(hyperparameters.ContainsKey("batchSize"));
        Assert.False(json.ContainsKey("status"));
    }

    [Fact]
    public void Deserialize_StatusFromTheApiServer_ReadsConditionsProgressAndTrials()
    {
        const string json = """
            {"apiVersion":"kubetune.io/v1alpha1","kind":"FineTuneJob","metadata":{"name":"j"},
             "spec":{"model":{"uri":"hf://x/y"},"task":"causal-lm","dataset":{"uri":"pvc://d/t.jsonl"},"output":{"uri":"pvc://m/o"}},
             "status":{"phase":"Running","observedGeneration":2,"startTime":"2025-01-02T03:04:05Z",
               "conditions":[{"type":"Running","status":"True","reason":"PodRunning","message":"","lastTransitionTime":"2025-01-02T03:04:05Z"}],
               "progress":{"step":50,"totalSteps":200,"percent":25.0,"etaSeconds":120},
               "metrics":{"trainLoss":1.25},
               "trials":[{"name":"j-t0","parameters":{"learningRate":1e-4,"scheduler":"cosine"},"phase":"Succeeded","objective":0.91}],
               "bestTrial":"j-t0"}}
            """;

        var job = KubernetesJson.Deserialize<FineTuneJob>(json);

        Assert.Equal(FineTuneJobPhase.Running, job.Status!.Phase);
        Assert.Equal(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), job.Status.StartTime!.Value.ToUniversalTime());
        Assert.Equal(ConditionReasons.PodRunning, Assert.Single(job.Status.Conditions!).Reason);
        Assert.Equal(25.0, job.Status.Progress!.Percent);
        Assert.Equal(1.25, job.Status.Metrics!.TrainLoss);
        Assert.Null(job.Status.Metrics.EvalLoss);
        var trial = Assert.Single(job.Status.Trials!);
        Assert.Equal(1e-4, trial.Parameters!["learningRate"].GetDouble());
        Assert.Equal("cosine", trial.Parameters["scheduler"].GetString());
    }

    [Fact]
    public void KubernetesEntity_OnFineTuneJob_MatchesTheCrdNames()
    {
        var crd = RepositoryFiles.Crd;
        var entity = typeof(FineTuneJob).GetCustomAttribute<KubernetesEntityAttribute>()!;
        var names = crd["spec"]!["names"]!;

        Assert.Equal(crd["spec"]!["group"]!.GetValue<string>(), entity.Group);
        Assert.Equal(crd["spec"]!["versions"]![0]!["name"]!.GetValue<string>(), entity.ApiVersion);
        Assert.Equal(names["kind"]!.GetValue<string>(), entity.Kind);
        Assert.Equal(names["plural"]!.GetValue<string>(), entity.PluralName);
        Assert.Equal(FineTuneJob.ListKindName, names["listKind"]!.GetValue<string>());
        Assert.Equal([FineTuneJob.ShortName], names["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([FineTuneJob.Category], names["categories"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Crd_PrinterColumnsAndSubresources_AreWhatKubectlGetShows()
    {
        var version = RepositoryFiles.Crd["spec"]!["versions"]![0]!;
        var columns = version["additionalPrinterColumns"]!.AsArray()
            .Where(c => c!["priority"] is null)
            .Select(c => $"{c!["name"]}={c["jsonPath"]}")
            .ToArray();

        Assert.Equal(
            ["Phase=.status.phase", "Progress=.status.progress.percent", "Loss=.status.metrics.trainLoss", "ETA=.status.progress.etaSeconds", "Age=.metadata.creationTimestamp"],
            columns);
        Assert.NotNull(version["subresources"]!["status"]);
    }
}
