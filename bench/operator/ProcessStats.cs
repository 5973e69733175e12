using System.Globalization;

namespace KubeTune.Bench.Operator;

/// <summary>What /proc says about one process: resident memory now and at its peak, and CPU time used.</summary>
public sealed record ProcessStats(double RssMb, double PeakRssMb, double CpuSeconds)
{
    // utime and stime are in clock ticks; Linux reports USER_HZ = 100 to user space on every architecture.
    private const double TicksPerSecond = 100;

    public static ProcessStats Read(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessStats(Kilobytes(status, "VmRSS:") / 1024.0, Kilobytes(status, "VmHWM:") / 1024.0, ticks / TicksPerSecond);
    }

    private static long Kilobytes(string[] status, string field)
    {
        var line = status.FirstOrDefault(candidate => candidate.StartsWith(field, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"/proc status has no {field} line");
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
