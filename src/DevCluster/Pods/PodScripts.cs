using System.Collections.Concurrent;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// Scripted fates by image, for tests: the nth pod started with a scripted image gets the nth fate of its
/// sequence, and the last fate repeats once the sequence is used up. Thread-safe; scripts can change at any time.
/// </summary>
public sealed class PodScripts
{
    private readonly ConcurrentDictionary<string, Sequence> _byImage = new(StringComparer.Ordinal);

    /// <summary>Scripts <paramref name="image"/>: pod 1 gets fates[0], pod 2 fates[1], ...; restarts the count.</summary>
    public void Script(string image, params IReadOnlyList<PodFate> fates)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        if (fates.Count == 0)
        {
            throw new ArgumentException($"the script for image \"{image}\" needs at least one fate", nameof(fates));
        }

        _byImage[image] = new Sequence([.. fates]);
    }

    /// <summary>Scripts <paramref name="image"/> with fates in text form, e.g. <c>"exit:1", "exit:1", "exit:0"</c>.</summary>
    public void Script(string image, params IReadOnlyList<string> fates) => Script(image, fates.Select(PodFate.Parse).ToList());

    /// <summary>Removes the script of <paramref name="image"/>; its pods run through the image command mapping again.</summary>
    public void Clear(string image) => _byImage.TryRemove(image, out _);

    public bool IsScripted(string image) => _byImage.ContainsKey(image);

    /// <summary>How many pods of <paramref name="image"/> have taken a fate so far.</summary>
    public int Taken(string image) => _byImage.TryGetValue(image, out var sequence) ? sequence.Taken : 0;

    /// <summary>The next fate for a pod of <paramref name="image"/>, or null when the image is not scripted.</summary>
    internal PodFate? Next(string image) => _byImage.TryGetValue(image, out var sequence) ? sequence.Next() : null;

    private sealed class Sequence(IReadOnlyList<PodFate> fates)
    {
        private int _taken;

        public int Taken => Volatile.Read(ref _taken);

        public PodFate Next()
        {
            var index = Interlocked.Increment(ref _taken) - 1;
            return fates[Math.Min(index, fates.Count - 1)];
        }
    }
}
