using KubeTune.Operator.Hosting;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>
/// The operator-wide settings the children of every FineTuneJob are built with. <paramref name="ProgressCaConfigMap"/>
/// is the progress endpoint's CA bundle (PEM, public part only) trainer pods verify it with; null when progress is plain HTTP
/// or trusted through the system store.
/// </summary>
public sealed record BuildSettings(
    string TrainerImage,
    string GpuResourceName,
    string ProgressBaseUrl,
    string DefaultCpu,
    string DefaultMemory,
    long TerminationGracePeriodSeconds,
    string? ProgressCaPem)
{
    /// <summary>The settings of an operator with default options (no second copy of those defaults).</summary>
    public static BuildSettings Default { get; } = From(new OperatorOptions());

    public static BuildSettings From(OperatorOptions options) => new(
        options.TrainerImage,
        options.GpuResourceName,
        options.ProgressBaseUrl,
        options.DefaultCpu,
        options.DefaultMemory,
        options.TerminationGracePeriodSeconds,
        null);
}
