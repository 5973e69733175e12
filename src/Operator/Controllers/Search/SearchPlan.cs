using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// The outcome of one search pass: the status (owned fields, trials, bestTrial, output), the trials whose Jobs to
/// create, the trial Jobs to delete (early-stopped), and why each was stopped.
/// </summary>
public sealed record SearchPlan(
    FineTuneJobStatus Status,
    IReadOnlyList<int> Create,
    IReadOnlyList<V1Job> Stop,
    IReadOnlyDictionary<string, string> StopReasons);
