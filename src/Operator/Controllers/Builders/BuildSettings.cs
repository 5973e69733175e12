namespace KubeTune.Operator.Controllers.Builders;

/// <summary>The operator-wide settings the children of every FineTuneJob are built with.</summary>
public sealed record BuildSettings(string TrainerImage, string GpuResourceName, string ProgressBaseUrl)
{
    public static BuildSettings Default { get; } = new("ghcr.io/kubetune/trainer:0.1.0", "nvidia.com/gpu", "http://kubetune-operator.kubetune-system.svc:8082");
}
