using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Faults;

/// <summary>Lets tests make chosen API requests fail with a proper Status body, as a flaky real cluster would.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];

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
                return null;
            }

            rule.Remaining--;
            _rules.RemoveAll(candidate => candidate.Remaining <= 0);
            var error = ApiErrors.ForCode(rule.StatusCode, $"injected fault: {method} {pathAndQuery} failed with {rule.StatusCode}");
            return error;
        }
    }
}
