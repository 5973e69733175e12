using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Collects the class labels seen while reading; at the end, when every label is a non-negative integer they are class
/// ids, otherwise they are names given ids in sorted (ordinal) order, so the mapping is stable across runs. Class ids
/// must lie below the model's label count, the number of distinct labels or <see cref="SparseIdAllowance"/>, whichever is
/// largest, so a stray id such as 999999 is refused at its row instead of building a head of a million classes.
/// </summary>
internal sealed class LabelCollector
{
    /// <summary>Sparse ids below this are fine (a subset of MNIST's digits, ids from 1): the head stays small.</summary>
    public const int SparseIdAllowance = 256;

    private readonly Dictionary<string, int> provisional = new(StringComparer.Ordinal);
    private readonly List<(string Location, long Rows)> seen = [];
    private bool allIntegers = true;

    /// <summary>A provisional id for the label, or null with a reason when the value cannot be a label; <paramref name="location"/> is FILE:LINE.</summary>
    public int? Observe(JsonNode? value, string location, out string? problem)
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

        return Observe(key, location);
    }

    /// <summary>A provisional id for a label given as a name (an image folder's sub-folder, an IDX label byte), first seen at <paramref name="location"/>.</summary>
    public int ObserveName(string name, string location)
    {
        allIntegers &= int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        return Observe(name, location);
    }

    private int Observe(string name, string location)
    {
        if (!provisional.TryGetValue(name, out var id))
        {
            id = provisional.Count;
            provisional[name] = id;
            seen.Add((location, 0));
        }

        seen[id] = (seen[id].Location, seen[id].Rows + 1);
        return id;
    }

    /// <summary>The distinct labels seen so far.</summary>
    public int Count => provisional.Count;

    /// <summary>The label as read (a name, or a class id as text) behind a provisional id.</summary>
    public string NameOf(int provisionalId) => provisional.First(pair => pair.Value == provisionalId).Key;

    /// <summary>
    /// The class names by id and the final id of each provisional id; -1 for a class id out of range whose rows
    /// <paramref name="errors"/> skipped (without skipInvalid it throws, naming the first row with that id).
    /// </summary>
    public (IReadOnlyList<string> Names, int[] FinalIds) Finish(HfConfig modelConfig, RowErrors errors)
    {
        if (provisional.Count == 0)
        {
            return ([], []);
        }

        var finalIds = new int[provisional.Count];
        if (allIntegers)
        {
            var known = modelConfig.Has("id2label") ? modelConfig.Labels : [];
            var limit = Math.Max(SparseIdAllowance, Math.Max(modelConfig.Labels.Count, provisional.Count));
            foreach (var (key, id) in provisional)
            {
                finalIds[id] = int.Parse(key, CultureInfo.InvariantCulture);
                if (finalIds[id] >= limit)
                {
                    errors.ReportAt(seen[id].Location, $"label {key} is outside the model's classes: class ids must be below {limit} " +
                        $"(the model's {modelConfig.Labels.Count} labels, the {provisional.Count} distinct labels of the data or {SparseIdAllowance}, whichever is most); give labels as names or number them from 0", seen[id].Rows);
                    finalIds[id] = -1;
                }
            }

            if (finalIds.All(id => id < 0))
            {
                return ([], finalIds);
            }

            // Class ids keep the base model's names when it has enough of them (a model fine-tuned before).
            var count = finalIds.Max() + 1;
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
