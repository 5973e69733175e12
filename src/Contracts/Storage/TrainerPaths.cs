namespace KubeTune.Contracts;

/// <summary>The trainer contract's fixed paths inside the pod (DESIGN.md, "The trainer contract").</summary>
public static class TrainerPaths
{
    public const string Model = "/workspace/model";
    public const string Data = "/workspace/data";
    public const string Validation = "/workspace/validation";
    public const string Checkpoints = "/workspace/checkpoints";
    public const string Output = "/workspace/output";
    public const string ConfigDirectory = "/etc/kubetune";
    public const string ConfigFileName = "job.json";
    public const string ConfigFile = ConfigDirectory + "/" + ConfigFileName;
    public const string TokenDirectory = "/var/run/secrets/kubetune";
    public const string TokenFile = TokenDirectory + "/token";
    public const string Tmp = "/tmp";
    public const string ContainerName = "trainer";
}
