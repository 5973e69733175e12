using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeTune.Operator.Tests.Api;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>charts/kubetune: metadata, values, templates and the CRD copy, checked without helm.</summary>
public sealed partial class ChartTests
{
    [Fact]
    public void ChartYaml_Metadata_HasTheFieldsHelmAndArtifactHubRead()
    {
        var chart = ChartFiles.Yaml("Chart.yaml");

        Assert.Equal("v2", chart["apiVersion"]?.GetValue<string>());
        Assert.Equal("kubetune", chart["name"]?.GetValue<string>());
        Assert.Equal("application", chart["type"]?.GetValue<string>());
        Assert.Matches(SemVer(), chart["version"]?.GetValue<string>() ?? "");
        Assert.Matches(SemVer(), chart["appVersion"]?.GetValue<string>() ?? "");
        Assert.False(string.IsNullOrWhiteSpace(chart["description"]?.GetValue<string>()), "Chart.yaml: description is empty");
        Assert.StartsWith(">=", chart["kubeVersion"]?.GetValue<string>() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_EveryValuesPath_ExistsInValuesYaml()
    {
        var values = ChartFiles.Values;
        var missing = new List<string>();
        var used = 0;
        foreach (var template in ChartFiles.Templates)
        {
            foreach (Match match in ValuesPath().Matches(ChartFiles.Text(template)))
            {
                used++;
                var path = match.Groups["path"].Value;
                if (!Resolves(values, path.Split('.', StringSplitOptions.RemoveEmptyEntries)))
                {
                    var line = ChartFiles.Text(template)[..match.Index].Count(c => c == '\n') + 1;
                    missing.Add($"{ChartFiles.ChartDirectory}/{template}:{line}: .Values{path}");
                }
            }
        }

        Assert.True(used > 20, $"only {used} .Values references found; is the regex still matching the templates?");
        Assert.True(missing.Count == 0, "not in values.yaml:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void ChartCrd_IsTheSameFileAsConfigCrds()
    {
        var inChart = ChartFiles.Text("crds/kubetune.io_finetunejobs.yaml");
        var source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, RepositoryFiles.CrdPath));

        Assert.True(source == inChart, $"{ChartFiles.ChartDirectory}/crds/kubetune.io_finetunejobs.yaml differs from {RepositoryFiles.CrdPath}: run scripts/sync-chart-files.sh");
    }

    [Fact]
    public void Deployment_Template_IsHardenedRunsTwoReplicasWithLeaderElection()
    {
        var template = ChartFiles.Text("templates/deployment.yaml");
        var values = ChartFiles.Values;

        Assert.Equal(2, values["replicaCount"]!.GetValue<long>());
        Assert.True(values["leaderElection"]!["enabled"]!.GetValue<bool>());
        foreach (var expected in new[]
                 {
                     "replicas: {{ .Values.replicaCount }}", "runAsNonRoot: true", "readOnlyRootFilesystem: true", "allowPrivilegeEscalation: false",
                     "drop: [\"ALL\"]", "type: RuntimeDefault", "path: /healthz", "path: /readyz", "mountPath: /tmp", "emptyDir:",
                     ".Values.resources", ".Values.nodeSelector", ".Values.tolerations", ".Values.affinity",
                 })
        {
            Assert.Contains(expected, template, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Templates_OptionalMonitoringAndDashboard_AreOffByDefaultAndLabelledForGrafana()
    {
        var values = ChartFiles.Values;

        Assert.False(values["metrics"]!["serviceMonitor"]!["enabled"]!.GetValue<bool>());
        Assert.False(values["metrics"]!["podMonitor"]!["enabled"]!.GetValue<bool>());
        Assert.False(values["networkPolicy"]!["enabled"]!.GetValue<bool>());
        Assert.False(values["grafanaDashboard"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("1", values["grafanaDashboard"]!["labels"]!["grafana_dashboard"]!.GetValue<string>());
        Assert.Contains("kind: ServiceMonitor", ChartFiles.Text("templates/servicemonitor.yaml"), StringComparison.Ordinal);
        Assert.Contains("kind: PodMonitor", ChartFiles.Text("templates/podmonitor.yaml"), StringComparison.Ordinal);
        Assert.Contains("kind: NetworkPolicy", ChartFiles.Text("templates/networkpolicy.yaml"), StringComparison.Ordinal);
        Assert.Contains(".Files.Glob \"dashboards/*.json\"", ChartFiles.Text("templates/grafana-dashboard.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_TellTheUserToApplyASampleThatExists()
    {
        var notes = ChartFiles.Text("templates/NOTES.txt");

        var samples = SamplePath().Matches(notes).Select(match => match.Value).ToList();
        Assert.NotEmpty(samples);
        Assert.Contains("kubectl apply", notes, StringComparison.Ordinal);
        foreach (var sample in samples)
        {
            Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, sample)), $"NOTES.txt names {sample}, which does not exist");
        }
    }

    private static bool Resolves(JsonNode? node, IEnumerable<string> path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject map || !map.ContainsKey(key))
            {
                return false;
            }

            node = map[key];
        }

        return true;
    }

    [GeneratedRegex(@"\.Values(?<path>(\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex(@"config/samples/[A-Za-z0-9_.-]+\.yaml")]
    private static partial Regex SamplePath();
}
