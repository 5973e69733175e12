namespace KubeTune.DevCluster.Selection;

/// <summary>The operators of Kubernetes label selectors.</summary>
public enum LabelOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
