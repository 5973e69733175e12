using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>The Grafana dashboard the chart ships: valid JSON, only metric names the operator exports, filtered by the namespace/name variables.</summary>
public sealed partial class DashboardTests
{
    // DESIGN.md, "Metrics": what the operator exports under these exact names.
    private static readonly string[] PerJobGauges =
    [
        "kubetune_job_progress_ratio", "kubetune_job_step", "kubetune_job_epoch", "kubetune_job_train_loss", "kubetune_job_eval_loss",
        "kubetune_job_learning_rate", "kubetune_job_tokens_per_second", "kubetune_job_samples_per_second", "kubetune_job_eta_seconds",
        "kubetune_job_restarts_total",
    ];

    private static readonly string[] OperatorMetrics =
    [
        "kubetune_jobs", "kubetune_reconcile_duration_seconds_bucket", "kubetune_reconcile_duration_seconds_count",
        "kubetune_reconcile_errors_total", "kubetune_workqueue_depth", "kubetune_watch_restarts_total",
    ];

    [Fact]
    public void Dashboard_Expressions_UseOnlyExportedMetricsAndEveryJobGauge()
    {
        var expressions = Expressions(Load()).ToList();
        var used = expressions.SelectMany(expression => MetricName().Matches(expression).Select(match => match.Value)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(used.Except(PerJobGauges.Concat(OperatorMetrics)));
        Assert.Empty(PerJobGauges.Except(used));
        Assert.Contains("kubetune_jobs", used);
        Assert.Contains("kubetune_reconcile_errors_total", used);
    }

    [Fact]
    public void Dashboard_JobPanels_FilteredByNamespaceAndNameVariables()
    {
        var dashboard = Load();
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(variable => variable!["name"]!.ToString()).ToList();

        Assert.Contains("namespace", variables);
        Assert.Contains("name", variables);
        Assert.All(
            Expressions(dashboard).Where(expression => expression.Contains("kubetune_job_", StringComparison.Ordinal)),
            expression => Assert.Contains("namespace=~\"$namespace\", name=~\"$name\"", expression, StringComparison.Ordinal));
    }

    private static IEnumerable<string> Expressions(JsonObject dashboard) =>
        dashboard["panels"]!.AsArray()
            .SelectMany(panel => panel!["targets"]?.AsArray() ?? [])
            .Select(target => target!["expr"]!.ToString());

    private static JsonObject Load() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "charts", "kubetune", "dashboards", "kubetune.json")))!.AsObject();

    [GeneratedRegex("kubetune_[a-z_]+")]
    private static partial Regex MetricName();
}
