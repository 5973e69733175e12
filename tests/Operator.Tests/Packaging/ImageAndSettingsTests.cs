using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Tests.Api;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>Image names and operator settings agree between the chart, kustomize and src/Operator/appsettings.json.</summary>
public sealed partial class ImageAndSettingsTests
{
    private const string AppSettings = "src/Operator/appsettings.json";

    [Fact]
    public void TrainerImage_ChartValues_AgreeWithTheOperatorsAppsettings()
    {
        var appsettings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, AppSettings)))!;

        var chartTrainer = ChartFiles.ImageOf(ChartFiles.Values["trainer"]!["image"]!);

        Assert.Equal(appsettings["TrainerImage"]!.GetValue<string>(), chartTrainer);
    }

    [Fact]
    public async Task Images_Kustomize_AgreesWithChartDefaults()
    {
        var container = (await KustomizeRender.SingleAsync("Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!;

        Assert.Equal(ChartFiles.ImageOf(ChartFiles.Values["image"]!), container["image"]!.GetValue<string>());
        Assert.Equal(ChartFiles.ImageOf(ChartFiles.Values["trainer"]!["image"]!), Environment(container)["KUBETUNE_TRAINERIMAGE"]);
        Assert.Equal(ChartFiles.Values["gpuResourceName"]!.GetValue<string>(), Environment(container)["KUBETUNE_GPURESOURCENAME"]);
    }

    [Fact]
    public async Task EnvironmentVariables_ChartAndKustomize_SetTheSameOperatorSettings()
    {
        var container = (await KustomizeRender.SingleAsync("Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!;

        // The cert-manager certificate's paths exist only when the chart is told to use cert-manager; kustomize uses the operator's own CA.
        var inChart = ChartEnvironmentNames(CertManagerOnly().Replace(ChartFiles.Text("templates/deployment.yaml"), string.Empty));
        var inKustomize = Environment(container).Keys.ToHashSet();

        Assert.Equal(inChart.Order(StringComparer.Ordinal), inKustomize.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EnvironmentVariables_Chart_EachBindsToAnOperatorOption()
    {
        var names = ChartEnvironmentNames().Where(name => name.StartsWith(OperatorHost.EnvironmentPrefix, StringComparison.Ordinal)).ToList();

        Assert.True(names.Count >= 8, $"only {names.Count} KUBETUNE_ variables in the chart's Deployment");
        foreach (var name in names)
        {
            var type = typeof(OperatorOptions);
            PropertyInfo? property = null;
            var parts = name[OperatorHost.EnvironmentPrefix.Length..].Split("__");
            if (parts.Length > 1 && parts[0].Equals(ProgressOptions.Section, StringComparison.OrdinalIgnoreCase))
            {
                // The Progress section binds to its own options (Progress/ProgressServiceCollectionExtensions).
                type = typeof(ProgressOptions);
                parts = parts[1..];
            }

            foreach (var part in parts)
            {
                property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                Assert.True(property is { CanWrite: true }, $"{name}: {type.Name} has no settable property \"{part}\"; the operator would ignore it");
                type = property!.PropertyType;
            }
        }
    }

    private static HashSet<string> ChartEnvironmentNames(string? template = null) =>
        EnvironmentName().Matches(template ?? ChartFiles.Text("templates/deployment.yaml")).Select(match => match.Groups["name"].Value).ToHashSet();

    private static Dictionary<string, string?> Environment(JsonNode container) =>
        container["env"]!.AsArray().ToDictionary(variable => variable!["name"]!.GetValue<string>(), variable => variable!["value"]?.GetValue<string>());

    [GeneratedRegex(@"\{\{- if eq \(include ""kubetune.progressTlsMode"" \.\) ""Files"" \}\}.*?\{\{- end \}\}", RegexOptions.Singleline)]
    private static partial Regex CertManagerOnly();

    [GeneratedRegex(@"^\s*- name: (?<name>[A-Z_][A-Z0-9_]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentName();
}
