using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Validation;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>Everything one status computation reads: the FineTuneJob as cached, its observed Job and pods, and the clock.</summary>
public sealed record StatusInputs(
    FineTuneJob FineTuneJob,
    IReadOnlyList<SpecProblem> Problems,
    V1Job? TrainerJob,
    IReadOnlyList<V1Pod> Pods,
    DateTime Now,
    TimeSpan ImagePullGracePeriod);
