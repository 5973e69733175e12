namespace KubeTune.Contracts;

/// <summary>A job as read from a file, before defaults: its identity, training spec and (from job.json only) the pod workspace and a search rung's last step.</summary>
public sealed record JobDocument(JobIdentity Job, TrainingSpec Spec, WorkspacePaths? Workspace, long? StopAtStep = null);
