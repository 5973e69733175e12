using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// The outcome of one search pass: the status (owned fields, trials, bestTrial, output), the trials whose Jobs to
/// create (asha: also promoted trials, in their new rung), the trial Jobs to delete (early-stopped), why each was
/// stopped, and the events of asha's promotions and stops.
/// </summary>
public sealed record SearchPlan(
    FineTuneJobStatus Status,
    IReadOnlyList<int> Create,
    IReadOnlyList<V1Job> Stop,
    IReadOnlyDictionary<string, string> StopReasons,
    IReadOnlyList<Events.JobEvent> Events);
