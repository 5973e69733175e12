using System.Collections.Concurrent;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// One shared instance of each short string that cached objects repeat (namespaces, label and annotation keys, condition
/// types and reasons): at 10,000 jobs each is otherwise 10,000 copies. Bounded in count and length, so values an attacker
/// chooses cannot grow it without limit; past the bound a value is simply kept as it is.
/// </summary>
public sealed class StringPool(int capacity, int maxLength)
{
    private readonly ConcurrentDictionary<string, string> pool = new(StringComparer.Ordinal);

    public static StringPool Shared { get; } = new(capacity: 4096, maxLength: 128);

    public int Count => pool.Count;

    public string? Intern(string? value)
    {
        if (value is null || value.Length > maxLength)
        {
            return value;
        }

        if (pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return pool.Count >= capacity ? value : pool.GetOrAdd(value, value);
    }

    /// <summary>The same entries with pooled keys (values, such as names, are left as they are).</summary>
    public IDictionary<string, string>? InternKeys(IDictionary<string, string>? entries) =>
        entries?.ToDictionary(entry => Intern(entry.Key)!, entry => entry.Value, StringComparer.Ordinal);
}
