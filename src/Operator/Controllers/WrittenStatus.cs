using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers;

/// <summary>A status this replica wrote: computed from the object at <see cref="BaseResourceVersion"/>, stored as <see cref="WrittenResourceVersion"/>.</summary>
public sealed record WrittenStatus(string BaseResourceVersion, string WrittenResourceVersion, FineTuneJobStatus Status);
