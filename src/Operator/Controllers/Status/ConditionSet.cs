using k8s.Models;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>metav1.Condition bookkeeping: lastTransitionTime moves only when a condition's status flips.</summary>
public static class ConditionSet
{
    public const string True = "True";
    public const string False = "False";

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(condition => condition.Type == type);

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == True;

    /// <summary>Adds or updates the condition in place; reason, message and observedGeneration follow the latest pass.</summary>
    public static void Set(IList<V1Condition> conditions, string type, bool status, string reason, string message, long? generation, DateTime now)
    {
        var value = status ? True : False;
        var existing = Find(conditions, type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = value,
                Reason = reason,
                Message = message,
                ObservedGeneration = generation,
                LastTransitionTime = now,
            });
            return;
        }

        if (existing.Status != value)
        {
            existing.LastTransitionTime = now;
        }

        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = generation;
    }

    /// <summary>Turns a condition that is present and True to False; an absent condition stays absent.</summary>
    public static void Clear(IList<V1Condition> conditions, string type, string reason, string message, long? generation, DateTime now)
    {
        if (Find(conditions, type) is not null)
        {
            Set(conditions, type, status: false, reason, message, generation, now);
        }
    }

    public static List<V1Condition> Copy(IEnumerable<V1Condition>? conditions) =>
        conditions?.Select(condition => new V1Condition
        {
            Type = condition.Type,
            Status = condition.Status,
            Reason = condition.Reason,
            Message = condition.Message,
            ObservedGeneration = condition.ObservedGeneration,
            LastTransitionTime = condition.LastTransitionTime,
        }).ToList() ?? [];
}
