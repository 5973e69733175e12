using KubeTune.Operator.Api;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Tests.Runtime;

/// <summary>Objects the runtime tests create in a dev cluster: the FineTuneJob CRD, FineTuneJobs and trainer pods.</summary>
internal static class DevClusterResources
{
    public static async Task InstallFineTuneJobCrdAsync(IKubernetes client)
    {
        var crd = await CustomResourceDefinitionFile.ReadAsync(Path.Combine(RepositoryRoot.Path, "config", "crds", "kubetune.io_finetunejobs.yaml"));
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
    }

    public static FineTuneJob FineTuneJob(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new FineTuneJobSpec
        {
            Model = new ModelSource { Uri = "hf://google-bert/bert-base-uncased" },
            Task = "text-classification",
            Dataset = new DatasetSpec { Uri = "pvc://datasets/sst2/train.jsonl" },
            Output = new OutputSpec { Uri = "pvc://models/" + name },
        },
    };

    public static V1Pod TrainerPod(string name, string job, bool trainer = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = trainer
                ? new Dictionary<string, string> { ["app.kubernetes.io/name"] = "kubetune-trainer", ["kubetune.io/job"] = job }
                : new Dictionary<string, string> { ["app"] = "other" },
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "trainer", Image = "kubetune/trainer:test" }] },
    };
}
