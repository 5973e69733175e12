using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Faults;

/// <summary>Lets tests make chosen API requests fail with a proper Status body, as a flaky real cluster would.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private RandomFaults? _random;
    private Random _dice = new();
    private long _injected;

    /// <summary>The standing random profile (null: none): requests fail at its rate, watches are cut within its range.</summary>
    public RandomFaults? Random
    {
        get
        {
            lock (_gate)
            {
                return _random;
            }
        }

        set
        {
            lock (_gate)
            {
                _random = value;
                _dice = value?.Seed is { } seed ? new Random(seed) : new Random();
            }
        }
    }

    /// <summary>How long the next watch may stream before the random profile cuts it; null: until it ends by itself.</summary>
    public TimeSpan? NextWatchCut()
    {
        lock (_gate)
        {
            if (_random is not { WatchCutMin: { } min, WatchCutMax: { } max })
            {
                return null;
            }

            return min + ((max - min) * _dice.NextDouble());
        }
    }

    /// <summary>Makes the next <paramref name="times"/> requests matching method and path fail with <paramref name="statusCode"/>.</summary>
    public void FailNext(string? method = null, string pathContains = "", int statusCode = 500, int times = 1)
    {
        lock (_gate)
        {
            _rules.Add(new FaultRule(method, pathContains, statusCode, times));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>How many requests have been failed on purpose so far, by rules and by the random profile.</summary>
    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>How many injected failures are still waiting for a matching request.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _rules.Sum(rule => rule.Remaining);
            }
        }
    }

    /// <summary>Returns the failure to answer with, consuming one use of the matching rule; null lets the request through.</summary>
    public StatusException? Take(string method, string pathAndQuery)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(candidate => candidate.Matches(method, pathAndQuery));
            if (rule is null)
            {
                var random = TakeRandom(method, pathAndQuery);
                if (random is not null)
                {
                    Interlocked.Increment(ref _injected);
                }

                return random;
            }

            Interlocked.Increment(ref _injected);

            rule.Remaining--;
            _rules.RemoveAll(candidate => candidate.Remaining <= 0);
            var error = ApiErrors.ForCode(rule.StatusCode, $"injected fault: {method} {pathAndQuery} failed with {rule.StatusCode}");
            return error;
        }
    }

    // A watch is cut, not refused (NextWatchCut); any other request fails at the profile's rate.
    private StatusException? TakeRandom(string method, string pathAndQuery)
    {
        if (_random is not { Rate: > 0 } profile || pathAndQuery.Contains("watch=true", StringComparison.OrdinalIgnoreCase) || _dice.NextDouble() >= profile.Rate)
        {
            return null;
        }

        var code = profile.Codes[_dice.Next(profile.Codes.Count)];
        return ApiErrors.ForCode(code, $"injected fault: {method} {pathAndQuery} failed with {code}");
    }
}
