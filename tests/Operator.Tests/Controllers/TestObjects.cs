using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Tests.Controllers;

/// <summary>FineTuneJobs, Jobs and pods as the API server would hand them to the reconciler, for the table tests.</summary>
internal static class TestObjects
{
    public static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static FineTuneJob FineTuneJob(string name = "bert-sst2", Action<FineTuneJobSpec>? change = null)
    {
        var job = new FineTuneJob
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", Uid = "uid-" + name, Generation = 1, ResourceVersion = "10" },
            Spec = new FineTuneJobSpec
            {
                Model = new ModelSource { Uri = "pvc://models/bert-tiny" },
                Task = FineTuneTask.TextClassification,
                Dataset = new DatasetSpec { Uri = "pvc://datasets/sst2/train.jsonl", ValidationUri = "pvc://datasets/sst2/validation.jsonl", Fields = new DatasetFields { Text = "sentence", Label = "label" } },
                Method = new MethodSpec { Type = FineTuneMethod.Lora, Lora = new LoraSpec { R = 8, Alpha = 16, TargetModules = ["query", "value"] } },
                Hyperparameters = new Hyperparameters { LearningRate = 2e-4, BatchSize = 16, Epochs = 3 },
                Checkpoint = new CheckpointSpec { EverySteps = 200, Keep = 2 },
                Output = new OutputSpec { Uri = "pvc://models/bert-sst2", Format = OutputFormat.PeftAdapter },
                Resources = new ResourcesSpec { Gpus = 1, Cpu = new ResourceQuantity("4"), Memory = new ResourceQuantity("16Gi") },
            },
        };
        change?.Invoke(job.Spec);
        return job;
    }

    public static V1Job TrainerJob(bool? suspend = false, string? conditionType = null, string? conditionReason = null, string conditionMessage = "job says so", int? failed = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "bert-sst2", NamespaceProperty = "team-a", Uid = "job-uid" },
        Spec = new V1JobSpec { Suspend = suspend, Template = new V1PodTemplateSpec() },
        Status = new V1JobStatus
        {
            Conditions = conditionType is null ? null : [new V1JobCondition { Type = conditionType, Status = "True", Reason = conditionReason, Message = conditionMessage, LastTransitionTime = Now }],
            Failed = failed,
            CompletionTime = conditionType == "Complete" ? Now.AddSeconds(-5) : null,
        },
    };

    public static V1Pod RunningPod(string name, DateTime? startedAt = null) => Pod(name, "Running", new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = startedAt ?? Now.AddMinutes(-1) } });

    public static V1Pod FailedPod(string name, int exitCode, string reason = "Error", DateTime? finishedAt = null) =>
        Pod(name, "Failed", new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason, StartedAt = Now.AddMinutes(-10), FinishedAt = finishedAt ?? Now.AddMinutes(-2) } });

    public static V1Pod EvictedPod(string name)
    {
        var pod = FailedPod(name, 137, "Error");
        pod.Status.Conditions = [new V1PodCondition { Type = TrainerJobBuilder.DisruptionTarget, Status = "True", Reason = "EvictionByEvictionAPI" }];
        return pod;
    }

    public static V1Pod ImagePullPod(string name, DateTime createdAt)
    {
        var pod = Pod(name, "Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image" } });
        pod.Metadata.CreationTimestamp = createdAt;
        pod.Status.StartTime = createdAt;
        return pod;
    }

    public static V1Pod UnschedulablePod(string name)
    {
        var pod = Pod(name, "Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } });
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes have nvidia.com/gpu" }];
        return pod;
    }

    private static V1Pod Pod(string name, string phase, V1ContainerState state) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", CreationTimestamp = Now.AddMinutes(-15) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = TrainerPaths.ContainerName, Image = "trainer:1" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            StartTime = Now.AddMinutes(-10),
            ContainerStatuses = [new V1ContainerStatus { Name = TrainerPaths.ContainerName, Image = "trainer:1", State = state }],
        },
    };
}
