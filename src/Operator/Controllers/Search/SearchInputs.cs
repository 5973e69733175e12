using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>What one search pass reads: the FineTuneJob (its status.trials is the durable record), its trial Jobs by index, the trials' reports, the clock.</summary>
public sealed record SearchInputs(
    FineTuneJob Job,
    IReadOnlyDictionary<int, V1Job> TrialJobs,
    IReadOnlyDictionary<string, TrialHistory> Histories,
    DateTime Now);
