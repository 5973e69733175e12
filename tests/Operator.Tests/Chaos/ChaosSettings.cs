using System.Globalization;

namespace KubeTune.Operator.Tests.Chaos;

/// <summary>How big and how hostile one chaos run is; the suite runs the defaults, bench/chaos/run.sh sets the environment.</summary>
internal sealed record ChaosSettings(int Jobs, int Seed, double FaultRate, double FailingShare)
{
    public const string JobsVariable = "KUBETUNE_CHAOS_JOBS";
    public const string SeedVariable = "KUBETUNE_CHAOS_SEED";
    public const string ReportVariable = "KUBETUNE_CHAOS_REPORT";
    public const int DefaultJobs = 20;

    // Enough to hit most reconciles several times, few enough that retries converge on two cores.
    public const double DefaultFaultRate = 0.1;

    /// <summary>The codes a flaky API server answers with: server error, throttling, conflict.</summary>
    public static readonly IReadOnlyList<int> FaultCodes = [500, 429, 409];

    /// <summary>Every watch is cut after a random time in this range, so informers relist and resume throughout.</summary>
    public static readonly (TimeSpan Min, TimeSpan Max) WatchCut = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));

    /// <summary>The settings from the environment (defaults otherwise); a bad value throws naming the variable.</summary>
    public static ChaosSettings FromEnvironment()
    {
        var jobs = Read(JobsVariable, DefaultJobs);
        if (jobs < 1)
        {
            throw new ArgumentException($"{JobsVariable} must be at least 1, got {jobs}");
        }

        return new ChaosSettings(jobs, Read(SeedVariable, Random.Shared.Next()), DefaultFaultRate, FailingShare: 0.2);
    }

    /// <summary>How long all jobs may take to finish: a floor for start-up, then time per job on a loaded 2-core machine.</summary>
    public TimeSpan Deadline => TimeSpan.FromSeconds(45 + (1.5 * Jobs));

    private static int Read(string variable, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{variable} must be an integer, got \"{text}\"");
    }
}
