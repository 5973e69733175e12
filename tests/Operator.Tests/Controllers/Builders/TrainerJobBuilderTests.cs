using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Tests.Controllers.Builders;

public sealed class TrainerJobBuilderTests
{
    private static readonly BuildSettings Settings = BuildSettings.Default with { TrainerImage = "registry.local/trainer:1.0", ProgressBaseUrl = "http://operator:8082" };

    private static V1Job Build(FineTuneJob job, BuildSettings? settings = null, bool suspend = false)
    {
        var layout = WorkspaceLayout.For(job.Spec.Model.Uri, job.Spec.Dataset.Uri, job.Spec.Dataset.ValidationUri, job.Spec.Output.Uri);
        return TrainerJobBuilder.Build(job, layout, TrainerConfigRenderer.Render(job, layout), settings ?? Settings, suspend);
    }

    private static V1Container Trainer(V1Job job) => Assert.Single(job.Spec.Template.Spec.Containers);

    [Fact]
    public void Build_DefaultSpec_OwnedLabelledJobWithRetryPolicy()
    {
        var job = Build(TestObjects.FineTuneJob());

        Assert.Equal("bert-sst2", job.Metadata.Name);
        Assert.Equal("team-a", job.Metadata.NamespaceProperty);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("kubetune.io/v1alpha1", "FineTuneJob", "bert-sst2", "uid-bert-sst2", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        foreach (var labels in new[] { job.Metadata.Labels, job.Spec.Template.Metadata.Labels })
        {
            Assert.Equal("kubetune-trainer", labels["app.kubernetes.io/name"]);
            Assert.Equal("bert-sst2", labels["kubetune.io/job"]);
        }

        Assert.Equal(3, job.Spec.BackoffLimit);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        var rules = job.Spec.PodFailurePolicy.Rules;
        Assert.Equal("FailJob", rules[0].Action);
        Assert.Equal([2, 3], rules[0].OnExitCodes.Values);
        Assert.Equal("In", rules[0].OnExitCodes.OperatorProperty);
        Assert.Equal("Ignore", rules[1].Action);
        Assert.Equal(("DisruptionTarget", "True"), (rules[1].OnPodConditions[0].Type, rules[1].OnPodConditions[0].Status));
        Assert.False(job.Spec.Suspend);
        Assert.Equal("registry.local/trainer:1.0", Trainer(job).Image);
    }

    [Fact]
    public void Build_Resources_GpuLimitUnderConfiguredNameCpuAndMemory()
    {
        var job = Build(TestObjects.FineTuneJob(change: spec => spec.Resources!.Gpus = 1), Settings with { GpuResourceName = "amd.com/gpu" });

        var resources = Trainer(job).Resources;
        Assert.Equal("1", resources.Limits["amd.com/gpu"].ToString());
        Assert.Equal("4", resources.Limits["cpu"].ToString());
        Assert.Equal("16Gi", resources.Limits["memory"].ToString());
        Assert.Equal("16Gi", resources.Requests["memory"].ToString());
        Assert.False(resources.Requests.ContainsKey("amd.com/gpu"));
    }

    [Fact]
    public void Build_NoCpuOrMemory_RequestedAtTheOperatorDefaultsNeverBestEffort()
    {
        var job = Build(TestObjects.FineTuneJob(change: spec => { spec.Resources!.Cpu = null; spec.Resources.Memory = null; }), Settings with { DefaultCpu = "3", DefaultMemory = "12Gi" });

        var resources = Trainer(job).Resources;
        Assert.Equal("3", resources.Requests["cpu"].ToString());
        Assert.Equal("12Gi", resources.Requests["memory"].ToString());
        Assert.False(resources.Limits?.ContainsKey("memory") ?? false);
    }

    [Theory]
    [InlineData(null, 120L)]
    [InlineData(600L, 600L)]
    public void Build_GracePeriod_FromTheSpecElseTheOperatorDefault(long? spec, long expected)
    {
        var job = Build(TestObjects.FineTuneJob(change: value => value.TerminationGracePeriodSeconds = spec));

        Assert.Equal(expected, job.Spec.Template.Spec.TerminationGracePeriodSeconds);
    }

    [Fact]
    public void Build_AnyJob_FinalSummaryInTheTerminationMessageWithLogFallback()
    {
        var trainer = Trainer(Build(TestObjects.FineTuneJob()));

        Assert.Equal("/dev/termination-log", trainer.TerminationMessagePath);
        Assert.Equal("FallbackToLogsOnError", trainer.TerminationMessagePolicy);
        Assert.Contains(trainer.Env, variable => variable.Name == TrainerEnvironment.TerminationLog && variable.Value == "/dev/termination-log");
    }

    [Fact]
    public void Build_SpecOverrides_ImageGpuNameSchedulingAndDeadlinePassedThrough()
    {
        var job = Build(TestObjects.FineTuneJob(change: spec =>
        {
            spec.Image = "my/trainer:dev";
            spec.Resources!.GpuResourceName = "gpu.example.com/a100";
            spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "gpu" };
            spec.Tolerations = [new V1Toleration { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" }];
            spec.Affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity() };
            spec.PriorityClassName = "batch-low";
            spec.ServiceAccountName = "trainer";
            spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }];
            spec.BackoffLimit = 7;
            spec.ActiveDeadlineSeconds = 3600;
        }));

        var pod = job.Spec.Template.Spec;
        Assert.Equal("my/trainer:dev", Trainer(job).Image);
        Assert.Equal("1", Trainer(job).Resources.Limits["gpu.example.com/a100"].ToString());
        Assert.Equal("gpu", pod.NodeSelector["pool"]);
        Assert.Equal("nvidia.com/gpu", Assert.Single(pod.Tolerations).Key);
        Assert.NotNull(pod.Affinity.NodeAffinity);
        Assert.Equal("batch-low", pod.PriorityClassName);
        Assert.Equal("trainer", pod.ServiceAccountName);
        Assert.Equal("regcred", Assert.Single(pod.ImagePullSecrets).Name);
        Assert.Equal(7, job.Spec.BackoffLimit);
        Assert.Equal(3600, job.Spec.ActiveDeadlineSeconds);
    }

    [Fact]
    public void Build_SecurityDefaults_NonRootReadOnlyNoPrivilegesNoToken()
    {
        var job = Build(TestObjects.FineTuneJob());

        var pod = job.Spec.Template.Spec;
        var container = Trainer(job).SecurityContext;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.True(container.ReadOnlyRootFilesystem);
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
        Assert.Contains(Trainer(job).VolumeMounts, mount => mount.MountPath == "/tmp" && pod.Volumes.Single(volume => volume.Name == mount.Name).EmptyDir is not null);
    }

    [Fact]
    public void Build_PvcUris_OneVolumePerClaimWithReadOnlyInputsAndWritableOutputs()
    {
        var job = Build(TestObjects.FineTuneJob());

        var pod = job.Spec.Template.Spec;
        var claims = pod.Volumes.Where(volume => volume.PersistentVolumeClaim is not null).Select(volume => volume.PersistentVolumeClaim.ClaimName).ToList();
        Assert.Equal(["models", "datasets"], claims);
        var mounts = Trainer(job).VolumeMounts.ToDictionary(mount => mount.MountPath);
        Assert.Equal(("pvc-models", "bert-tiny", true), (mounts["/workspace/model"].Name, mounts["/workspace/model"].SubPath, mounts["/workspace/model"].ReadOnlyProperty));
        Assert.Equal(("pvc-datasets", "sst2", true), (mounts["/workspace/data"].Name, mounts["/workspace/data"].SubPath, mounts["/workspace/data"].ReadOnlyProperty));
        Assert.Equal(("pvc-models", "bert-sst2", null), (mounts["/workspace/output"].Name, mounts["/workspace/output"].SubPath, mounts["/workspace/output"].ReadOnlyProperty));
        Assert.Equal(("pvc-models", "bert-sst2-checkpoints", null), (mounts["/workspace/checkpoints"].Name, mounts["/workspace/checkpoints"].SubPath, mounts["/workspace/checkpoints"].ReadOnlyProperty));
        Assert.Equal("bert-sst2-config", pod.Volumes.Single(volume => volume.Name == mounts["/etc/kubetune"].Name).ConfigMap.Name);
    }

    [Fact]
    public void Build_TrainerEnvironment_ProgressUrlAndProjectedTokenWithJobAudience()
    {
        var job = Build(TestObjects.FineTuneJob());

        var env = Trainer(job).Env.Where(variable => variable.Value is not null).ToDictionary(variable => variable.Name, variable => variable.Value);
        Assert.Equal("http://operator:8082/v1alpha1/namespaces/team-a/finetunejobs/bert-sst2/progress", env["KUBETUNE_PROGRESS_URL"]);
        // Every variable set is one the trainer reads (TrainerEnvironment), plus HOME for libtorch's caches; all are reserved.
        Assert.Equal(new[] { "HOME", TrainerEnvironment.ProgressUrl, TrainerEnvironment.TokenFile, TrainerEnvironment.TerminationLog }.Order(StringComparer.Ordinal), Trainer(job).Env.Select(variable => variable.Name).Order(StringComparer.Ordinal));
        Assert.Subset(TrainerJobBuilder.ReservedEnvironmentNames.ToHashSet(), Trainer(job).Env.Select(variable => variable.Name).ToHashSet());
        var token = job.Spec.Template.Spec.Volumes.Single(volume => volume.Projected is not null).Projected.Sources[0].ServiceAccountToken;
        Assert.Equal("kubetune.io/team-a/bert-sst2", token.Audience);
        Assert.Equal(env["KUBETUNE_TOKEN_FILE"], "/var/run/secrets/kubetune/" + token.Path);
    }

    [Fact]
    public void Build_KueueLabel_CopiedToTheJob()
    {
        var spec = TestObjects.FineTuneJob();
        spec.Metadata.Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/queue-name"] = "gpu-queue" };

        var job = Build(spec, suspend: true);

        Assert.Equal("gpu-queue", job.Metadata.Labels["kueue.x-k8s.io/queue-name"]);
        Assert.True(job.Spec.Suspend);
    }

    [Fact]
    public void Build_SpecHash_ChangesWithTheSpecButNotWithSuspend()
    {
        var original = Build(TestObjects.FineTuneJob()).Metadata.Annotations[ChildLabels.SpecHash];

        Assert.Equal(original, Build(TestObjects.FineTuneJob(), suspend: true).Metadata.Annotations[ChildLabels.SpecHash]);
        Assert.NotEqual(original, Build(TestObjects.FineTuneJob(change: spec => spec.Hyperparameters!.LearningRate = 1e-3)).Metadata.Annotations[ChildLabels.SpecHash]);
        Assert.NotEqual(original, Build(TestObjects.FineTuneJob(change: spec => spec.Image = "other:1")).Metadata.Annotations[ChildLabels.SpecHash]);
    }

    [Fact]
    public void Build_SpecEnvAndEnvFrom_OnTheTrainerAfterTheOperatorsVariables()
    {
        var job = Build(TestObjects.FineTuneJob(change: spec =>
        {
            spec.Env =
            [
                new V1EnvVar { Name = "HF_TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "hf-token", Key = "HF_TOKEN" } } },
                new V1EnvVar { Name = "KUBETUNE_THREADS", Value = "4" },
            ];
            spec.EnvFrom =
            [
                new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "hf-token" } },
                new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "proxy", Optional = true }, Prefix = "PROXY_" },
            ];
        }));

        var trainer = Trainer(job);
        // The operator's own variables (no CA file: none is configured here) come first, then the user's.
        Assert.Equal([.. TrainerJobBuilder.ReservedEnvironmentNames.Where(name => name != TrainerEnvironment.ProgressCaFile), "HF_TOKEN", "KUBETUNE_THREADS"], trainer.Env.Select(variable => variable.Name));
        var token = trainer.Env.Single(variable => variable.Name == "HF_TOKEN");
        Assert.Equal(("hf-token", "HF_TOKEN"), (token.ValueFrom.SecretKeyRef.Name, token.ValueFrom.SecretKeyRef.Key));
        Assert.Equal("hf-token", trainer.EnvFrom[0].SecretRef.Name);
        Assert.Equal(("proxy", true, "PROXY_"), (trainer.EnvFrom[1].ConfigMapRef.Name, trainer.EnvFrom[1].ConfigMapRef.Optional, trainer.EnvFrom[1].Prefix));
        Assert.Null(Build(TestObjects.FineTuneJob()).Spec.Template.Spec.Containers[0].EnvFrom);
    }

    [Fact]
    public void Build_EnvChanged_SpecHashChangesSoAnUnstartedJobIsReplaced()
    {
        var original = Build(TestObjects.FineTuneJob()).Metadata.Annotations[ChildLabels.SpecHash];

        Assert.NotEqual(original, Build(TestObjects.FineTuneJob(change: spec => spec.Env = [new V1EnvVar { Name = "A", Value = "1" }])).Metadata.Annotations[ChildLabels.SpecHash]);
        Assert.NotEqual(original, Build(TestObjects.FineTuneJob(change: spec => spec.EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "s" } }])).Metadata.Annotations[ChildLabels.SpecHash]);
    }

    [Theory]
    [InlineData("team", "nlp", true)]
    [InlineData("cost-center", "cc-1234", true)]
    [InlineData("example.com/project", "llama", true)]
    [InlineData("kueue.x-k8s.io/priority-class", "low", true)]
    [InlineData("kubernetes.io/metadata.name", "x", false)]
    [InlineData("app.kubernetes.io/instance", "argo-app", false)]
    [InlineData("app.kubernetes.io/part-of", "ml", false)]
    [InlineData("node.k8s.io/pool", "a", false)]
    [InlineData("k8s.io/x", "a", false)]
    [InlineData("kubetune.io/trial", "t9", false)]
    [InlineData("kubetune.io/job", "other", false)]
    [InlineData("kueue.x-k8s.io/queue-name", "gpu-queue", false)]
    [InlineData("notkubernetes.io/x", "a", true)]
    public void Build_FineTuneJobLabel_PropagatedToJobAndPodsUnlessReserved(string key, string value, bool propagated)
    {
        var owner = TestObjects.FineTuneJob();
        owner.Metadata.Labels = new Dictionary<string, string> { [key] = value };

        var job = Build(owner);

        Assert.Equal(propagated, job.Spec.Template.Metadata.Labels.TryGetValue(key, out var podValue) && podValue == value);
        if (key != ChildLabels.KueueQueueName)
        {
            Assert.Equal(propagated, job.Metadata.Labels.TryGetValue(key, out var jobValue) && jobValue == value);
        }

        foreach (var labels in new[] { job.Metadata.Labels, job.Spec.Template.Metadata.Labels })
        {
            Assert.Equal("bert-sst2", labels[ChildLabels.Job]);
            Assert.Equal(ChildLabels.AppNameValue, labels[ChildLabels.AppName]);
        }
    }
}
