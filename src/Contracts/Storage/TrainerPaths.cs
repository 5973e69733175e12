namespace KubeTune.Contracts;

/// <summary>The trainer contract's fixed paths inside the pod (DESIGN.md, "The trainer contract").</summary>
public static class TrainerPaths
{
    /// <summary>Where the operator mounts every location; nothing else belongs here.</summary>
    public const string Workspace = "/workspace";
    public const string Model = Workspace + "/model";
    public const string Data = Workspace + "/data";
    public const string Validation = Workspace + "/validation";
    public const string Checkpoints = Workspace + "/checkpoints";
    public const string Output = Workspace + "/output";
    public const string ConfigDirectory = "/etc/kubetune";
    public const string ConfigFileName = "job.json";
    public const string ConfigFile = ConfigDirectory + "/" + ConfigFileName;
    /// <summary>The progress endpoint's CA bundle, a key of the job's ConfigMap next to job.json.</summary>
    public const string ProgressCaFileName = "progress-ca.crt";
    public const string ProgressCaFile = ConfigDirectory + "/" + ProgressCaFileName;
    public const string TokenDirectory = "/var/run/secrets/kubetune";
    public const string TokenFile = TokenDirectory + "/token";
    public const string Tmp = "/tmp";
    public const string ContainerName = "trainer";
}
