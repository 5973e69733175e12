using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Events;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>One pass's view for <see cref="AshaScheduler"/>: the trials (changed in place), the rungs, and where its Job creations and events go.</summary>
public sealed record AshaContext(
    string JobName,
    List<TrialStatus> Trials,
    IReadOnlyList<long> Budgets,
    int ReductionFactor,
    string Metric,
    string? Goal,
    List<int> Create,
    List<JobEvent> Events);
