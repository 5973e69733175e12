using KubeTune.Operator.Hosting;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>The operator-wide settings the children of every FineTuneJob are built with.</summary>
public sealed record BuildSettings(string TrainerImage, string GpuResourceName, string ProgressBaseUrl)
{
    /// <summary>The settings of an operator with default options (no second copy of those defaults).</summary>
    public static BuildSettings Default { get; } = From(new OperatorOptions());

    public static BuildSettings From(OperatorOptions options) => new(options.TrainerImage, options.GpuResourceName, options.ProgressBaseUrl);
}
