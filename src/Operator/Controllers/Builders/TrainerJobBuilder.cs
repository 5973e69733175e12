using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>Builds the batch/v1 Job that runs the trainer for a FineTuneJob (pure: same inputs, same Job).</summary>
public static class TrainerJobBuilder
{
    public const int DefaultBackoffLimit = 3;
    /// <summary>The trainer image's own non-root user (USER 1654:1654 in src/TrainerImage/Dockerfile; a test keeps them equal).</summary>
    public const long NonRootUser = 1654;
    public const string DisruptionTarget = "DisruptionTarget";

    /// <summary>libtorch and the tokenizer write caches under HOME; the root filesystem is read-only.</summary>
    public const string Home = "HOME";

    /// <summary>The environment variables the operator sets in the trainer container; spec.env may not name them.</summary>
    public static readonly IReadOnlyList<string> ReservedEnvironmentNames = [TrainerEnvironment.ProgressUrl, TrainerEnvironment.TokenFile, TrainerEnvironment.TerminationLog, Home, TrainerEnvironment.ProgressCaFile];

    /// <summary>The Job; <paramref name="suspend"/> is decided by the reconciler (spec.suspend, Kueue).</summary>
    public static V1Job Build(FineTuneJob job, WorkspaceLayout layout, string configJson, BuildSettings settings, bool suspend)
    {
        var name = job.Metadata.Name;
        var labels = ChildLabels.Propagated(name, job.Metadata.Labels);
        if (job.Metadata.Labels?.TryGetValue(ChildLabels.KueueQueueName, out var queue) == true)
        {
            labels[ChildLabels.KueueQueueName] = queue;
        }

        var spec = new V1JobSpec
        {
            BackoffLimit = job.Spec.BackoffLimit ?? DefaultBackoffLimit,
            ActiveDeadlineSeconds = job.Spec.ActiveDeadlineSeconds,
            Completions = 1,
            Parallelism = 1,
            PodFailurePolicy = new V1PodFailurePolicy
            {
                Rules =
                [
                    new V1PodFailurePolicyRule
                    {
                        Action = "FailJob",
                        OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement
                        {
                            ContainerName = TrainerPaths.ContainerName,
                            OperatorProperty = "In",
                            Values = [ExitCodes.InvalidInput, ExitCodes.Diverged],
                        },
                    },
                    new V1PodFailurePolicyRule
                    {
                        Action = "Ignore",
                        OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = DisruptionTarget, Status = "True" }],
                    },
                ],
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = ChildLabels.Propagated(name, job.Metadata.Labels) },
                Spec = PodSpec(job, layout, settings),
            },
        };

        var hash = ContentHash.Of(configJson, KubernetesJson.Serialize(spec));
        spec.Suspend = suspend;
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = new Dictionary<string, string> { [ChildLabels.SpecHash] = hash },
                OwnerReferences = [ConfigMapBuilder.OwnerReferenceFor(job)],
            },
            Spec = spec,
        };
    }

    private static V1PodSpec PodSpec(FineTuneJob job, WorkspaceLayout layout, BuildSettings settings)
    {
        var (volumes, mounts) = Volumes(job, layout);
        return new V1PodSpec
        {
            RestartPolicy = "Never",
            TerminationGracePeriodSeconds = job.Spec.TerminationGracePeriodSeconds ?? settings.TerminationGracePeriodSeconds,
            AutomountServiceAccountToken = false,
            ServiceAccountName = NullIfEmpty(job.Spec.ServiceAccountName),
            PriorityClassName = NullIfEmpty(job.Spec.PriorityClassName),
            NodeSelector = job.Spec.NodeSelector is { Count: > 0 } selector ? new Dictionary<string, string>(selector) : null,
            Tolerations = job.Spec.Tolerations is { Count: > 0 } tolerations ? tolerations.ToList() : null,
            Affinity = job.Spec.Affinity,
            ImagePullSecrets = job.Spec.ImagePullSecrets is { Count: > 0 } secrets ? secrets.ToList() : null,
            SecurityContext = new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = NonRootUser,
                RunAsGroup = NonRootUser,
                FsGroup = NonRootUser,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
            Volumes = volumes,
            Containers =
            [
                new V1Container
                {
                    Name = TrainerPaths.ContainerName,
                    Image = string.IsNullOrWhiteSpace(job.Spec.Image) ? settings.TrainerImage : job.Spec.Image,
                    Args = ["--config", TrainerPaths.ConfigFile],
                    Env = Environment(job, settings),
                    EnvFrom = job.Spec.EnvFrom is { Count: > 0 } sources ? sources.ToList() : null,
                    Resources = Resources(job.Spec.Resources, settings),
                    VolumeMounts = mounts,
                    // The final summary reaches status through the pod even when the final report is lost; without it, the log's tail explains a failure.
                    TerminationMessagePath = TerminationMessage.Path,
                    TerminationMessagePolicy = TerminationMessage.Policy,
                    SecurityContext = new V1SecurityContext
                    {
                        AllowPrivilegeEscalation = false,
                        ReadOnlyRootFilesystem = true,
                        RunAsNonRoot = true,
                        Capabilities = new V1Capabilities { Drop = ["ALL"] },
                    },
                },
            ],
        };
    }

    /// <summary>
    /// The operator's variables first (so spec.env may refer to them as $(HOME)), then spec.env; envFrom keys come
    /// below both, since a container's env overrides its envFrom.
    /// </summary>
    private static List<V1EnvVar> Environment(FineTuneJob job, BuildSettings settings)
    {
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        List<V1EnvVar> environment =
        [
            new V1EnvVar { Name = TrainerEnvironment.ProgressUrl, Value = ProgressRoute.UrlFor(settings.ProgressBaseUrl, ns, name) },
            new V1EnvVar { Name = TrainerEnvironment.TokenFile, Value = TrainerPaths.TokenFile },
            new V1EnvVar { Name = TrainerEnvironment.TerminationLog, Value = TerminationMessage.Path },
            new V1EnvVar { Name = Home, Value = TrainerPaths.Tmp },
        ];
        if (settings.ProgressCaPem is not null)
        {
            environment.Add(new V1EnvVar { Name = TrainerEnvironment.ProgressCaFile, Value = TrainerPaths.ProgressCaFile });
        }

        environment.AddRange(job.Spec.Env ?? []);
        return environment;
    }

    private static V1ResourceRequirements Resources(ResourcesSpec? resources, BuildSettings settings)
    {
        var limits = new Dictionary<string, ResourceQuantity>();
        var requests = new Dictionary<string, ResourceQuantity>();
        if (resources?.Gpus is > 0 and var gpus)
        {
            var gpuName = string.IsNullOrWhiteSpace(resources.GpuResourceName) ? settings.GpuResourceName : resources.GpuResourceName;
            limits[gpuName] = new ResourceQuantity(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Absent cpu or memory is requested at the operator's default (no limit): a trainer pod is never BestEffort.
        if (resources?.Cpu is { } cpu)
        {
            limits["cpu"] = cpu;
            requests["cpu"] = cpu;
        }
        else
        {
            requests["cpu"] = new ResourceQuantity(settings.DefaultCpu);
        }

        if (resources?.Memory is { } memory)
        {
            limits["memory"] = memory;
            requests["memory"] = memory;
        }
        else
        {
            requests["memory"] = new ResourceQuantity(settings.DefaultMemory);
        }

        return new V1ResourceRequirements { Limits = limits.Count > 0 ? limits : null, Requests = requests };
    }

    private static (List<V1Volume> Volumes, List<V1VolumeMount> Mounts) Volumes(FineTuneJob job, WorkspaceLayout layout)
    {
        var volumes = new List<V1Volume>
        {
            new() { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = ChildLabels.ConfigMapName(job.Metadata.Name) } },
            new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() },
            new()
            {
                Name = "kubetune-token",
                Projected = new V1ProjectedVolumeSource
                {
                    Sources =
                    [
                        new V1VolumeProjection
                        {
                            ServiceAccountToken = new V1ServiceAccountTokenProjection
                            {
                                Audience = $"kubetune.io/{job.Metadata.NamespaceProperty}/{job.Metadata.Name}",
                                ExpirationSeconds = 3600,
                                Path = "token",
                            },
                        },
                    ],
                },
            },
        };
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = "config", MountPath = TrainerPaths.ConfigDirectory, ReadOnlyProperty = true },
            new() { Name = "tmp", MountPath = TrainerPaths.Tmp },
            new() { Name = "kubetune-token", MountPath = TrainerPaths.TokenDirectory, ReadOnlyProperty = true },
        };

        // One volume per claim; each use of it is a mount with its own subPath and read-only flag.
        foreach (var claim in layout.Mounts.Where(mount => mount.Claim.Length > 0).Select(mount => mount.Claim).Distinct(StringComparer.Ordinal))
        {
            volumes.Add(new V1Volume { Name = ClaimVolumeName(claim), PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } });
        }

        foreach (var mount in layout.Mounts)
        {
            if (mount.Claim.Length > 0)
            {
                mounts.Add(new V1VolumeMount
                {
                    Name = ClaimVolumeName(mount.Claim),
                    MountPath = mount.MountPath,
                    SubPath = mount.SubPath.Length > 0 ? mount.SubPath : null,
                    ReadOnlyProperty = mount.ReadOnly ? true : null,
                });
            }
            else
            {
                var volumeName = "scratch-" + mount.MountPath.Split('/').Last();
                volumes.Add(new V1Volume { Name = volumeName, EmptyDir = new V1EmptyDirVolumeSource() });
                mounts.Add(new V1VolumeMount { Name = volumeName, MountPath = mount.MountPath });
            }
        }

        return (volumes, mounts);
    }

    /// <summary>Claim names are DNS-1123 labels (checked by validation), so "pvc-" + claim is a valid volume name.</summary>
    public static string ClaimVolumeName(string claim) => claim.Length > 59 ? "pvc-" + claim[..59].TrimEnd('-') : "pvc-" + claim;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
