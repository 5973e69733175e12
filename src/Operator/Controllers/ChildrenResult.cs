using k8s.Models;

namespace KubeTune.Operator.Controllers;

/// <summary>The trainer Job as it stands after a pass (null while a drifted one is being replaced) and whether this pass created it.</summary>
public sealed record ChildrenResult(V1Job? Job, bool Created);
