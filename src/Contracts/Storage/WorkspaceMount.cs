namespace KubeTune.Contracts;

/// <summary>One mount of the trainer container: a PVC claim (with a subPath) or, with an empty claim, an emptyDir.</summary>
public sealed record WorkspaceMount(string MountPath, string Claim, string SubPath, bool ReadOnly);
