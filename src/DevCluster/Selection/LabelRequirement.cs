namespace KubeTune.DevCluster.Selection;

/// <summary>One requirement of a label selector, such as <c>tier in (a,b)</c> or <c>!canary</c>.</summary>
public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equals => present && value == Values[0],
            LabelOperator.NotEquals => !present || value != Values[0],
            LabelOperator.In => present && Values.Contains(value!),
            LabelOperator.NotIn => !present || !Values.Contains(value!),
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            _ => false,
        };
    }
}
