using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Collects the class labels seen while reading; at the end, when every label is a non-negative integer they are class
/// ids, otherwise they are names given ids in sorted (ordinal) order, so the mapping is stable across runs.
/// </summary>
internal sealed class LabelCollector
{
    private readonly Dictionary<string, int> provisional = new(StringComparer.Ordinal);
    private bool allIntegers = true;

    /// <summary>A provisional id for the label, or null with a reason when the value cannot be a label.</summary>
    public int? Observe(JsonNode? value, out string? problem)
    {
        problem = null;
        string key;
        switch (value)
        {
            case JsonValue number when number.GetValueKind() == JsonValueKind.Number:
                if (!number.TryGetValue<long>(out var id) || id < 0 || id > int.MaxValue)
                {
                    problem = $"label {number.ToJsonString()} is not a class id (a non-negative integer) or a name";
                    return null;
                }

                key = id.ToString(CultureInfo.InvariantCulture);
                break;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String && text.GetValue<string>().Trim().Length > 0:
                key = text.GetValue<string>().Trim();
                allIntegers &= int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _);
                break;
            default:
                problem = $"label must be a name or a class id, got {value?.ToJsonString() ?? "nothing"}";
                return null;
        }

        return Observe(key);
    }

    /// <summary>A provisional id for a label given as a name (an image folder's sub-folder).</summary>
    public int ObserveName(string name)
    {
        allIntegers &= int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        return Observe(name);
    }

    private int Observe(string name)
    {
        if (!provisional.TryGetValue(name, out var id))
        {
            id = provisional.Count;
            provisional[name] = id;
        }

        return id;
    }

    /// <summary>The class names by id and the final id of each provisional id.</summary>
    public (IReadOnlyList<string> Names, int[] FinalIds) Finish(HfConfig modelConfig)
    {
        if (provisional.Count == 0)
        {
            return ([], []);
        }

        var finalIds = new int[provisional.Count];
        if (allIntegers)
        {
            foreach (var (key, id) in provisional)
            {
                finalIds[id] = int.Parse(key, CultureInfo.InvariantCulture);
            }

            // Class ids keep the base model's names when it has enough of them (a model fine-tuned before).
            var count = finalIds.Max() + 1;
            var known = modelConfig.Has("id2label") ? modelConfig.Labels : [];
            var names = Enumerable.Range(0, count).Select(i => i < known.Count ? known[i] : $"LABEL_{i}").ToList();
            return (names.Distinct(StringComparer.Ordinal).Count() == count ? names : Enumerable.Range(0, count).Select(i => $"LABEL_{i}").ToList(), finalIds);
        }

        var sorted = provisional.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            finalIds[provisional[sorted[i]]] = i;
        }

        return (sorted, finalIds);
    }
}
