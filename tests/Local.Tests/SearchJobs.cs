using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local.Tests;

/// <summary>A search FineTuneJob "sweep" (grid over learningRate, eval_loss minimized) in a given state of its trials.</summary>
internal static class SearchJobs
{
    public static FineTuneJob With(params (string Name, string Phase, double? Objective)[] trials)
    {
        var json = new JsonObject
        {
            ["apiVersion"] = FineTuneJob.GroupVersion,
            ["kind"] = FineTuneJob.KindName,
            ["metadata"] = new JsonObject { ["name"] = "sweep", ["namespace"] = "default" },
            ["spec"] = JsonNode.Parse("""
                {"search": {"algorithm": "grid", "parallelTrials": 2, "objective": {"metric": "eval_loss", "goal": "minimize"},
                            "parameters": {"learningRate": {"values": [0.0001, 0.001, 0.01]}}}}
                """),
            ["status"] = new JsonObject
            {
                ["trials"] = new JsonArray([.. trials.Select((trial, index) => (JsonNode)new JsonObject
                {
                    ["name"] = trial.Name,
                    ["phase"] = trial.Phase,
                    ["objective"] = trial.Objective,
                    ["parameters"] = new JsonObject { ["learningRate"] = Math.Pow(10, index - 4) },
                })]),
            },
        };
        return KubernetesJson.Deserialize<FineTuneJob>(json.ToJsonString());
    }

    public static string Rate(int index) => Math.Pow(10, index - 4).ToString("G6", CultureInfo.InvariantCulture);
}
