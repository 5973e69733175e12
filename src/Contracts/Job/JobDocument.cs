namespace KubeTune.Contracts;

/// <summary>A job as read from a file, before defaults: its identity, training spec and (from job.json only) the pod workspace.</summary>
public sealed record JobDocument(JobIdentity Job, TrainingSpec Spec, WorkspacePaths? Workspace);
