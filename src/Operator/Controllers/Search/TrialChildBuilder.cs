using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Builds trial k's ConfigMap and Job (pure) with the reconciler's builders from the trial's FineTuneJob
/// (<see cref="TrialSpec"/>), then names them &lt;job&gt;-t&lt;k&gt; and labels them and the pods kubetune.io/trial=k; an
/// asha rung r &gt; 0 is &lt;job&gt;-t&lt;k&gt;-r&lt;r&gt; labelled kubetune.io/rung=r, its job.json stopping at the rung's end.
/// </summary>
public static class TrialChildBuilder
{
    public static (V1ConfigMap ConfigMap, V1Job Job) Build(FineTuneJob trialSpec, int trial, BuildSettings settings, bool suspend, int rung = 0, long? stopAtStep = null)
    {
        var spec = trialSpec.Spec;
        var layout = WorkspaceLayout.For(spec.Model.Uri, spec.Dataset.Uri, spec.Dataset.ValidationUri, spec.Output.Uri);
        var config = TrainerConfigRenderer.Render(trialSpec, layout, stopAtStep);
        var name = TrialNames.JobNameOf(trialSpec.Metadata.Name, trial, rung);
        var label = TrialNames.LabelValue(trial);

        var configMap = ConfigMapBuilder.Build(trialSpec, config, settings.ProgressCaPem);
        configMap.Metadata.Name = ChildLabels.ConfigMapName(name);
        configMap.Metadata.Labels[TrialNames.TrialLabel] = label;

        var job = TrainerJobBuilder.Build(trialSpec, layout, config, settings, suspend);
        job.Metadata.Name = name;
        job.Metadata.Labels[TrialNames.TrialLabel] = label;
        job.Spec.Template.Metadata.Labels[TrialNames.TrialLabel] = label;
        if (rung > 0)
        {
            configMap.Metadata.Labels[TrialNames.RungLabel] = TrialNames.LabelValue(rung);
            job.Metadata.Labels[TrialNames.RungLabel] = TrialNames.LabelValue(rung);
            job.Spec.Template.Metadata.Labels[TrialNames.RungLabel] = TrialNames.LabelValue(rung);
        }
        foreach (var volume in job.Spec.Template.Spec.Volumes.Where(volume => volume.ConfigMap is not null))
        {
            volume.ConfigMap.Name = configMap.Metadata.Name;
        }

        return (configMap, job);
    }
}
