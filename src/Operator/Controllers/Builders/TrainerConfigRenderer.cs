using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>
/// Renders the trainer's job.json from a FineTuneJob through the contract: the training spec with every default
/// written out, plus where each location sits in the pod (<see cref="WorkspaceLayout"/>), checkpoints included.
/// </summary>
public static class TrainerConfigRenderer
{
    public static string Render(FineTuneJob job, WorkspaceLayout layout, long? stopAtStep = null) =>
        JobResolver.RenderJobFile(new JobIdentity(job.Metadata.NamespaceProperty ?? "", job.Metadata.Name), job.Spec, layout.Paths, stopAtStep);
}
