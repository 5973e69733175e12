using System.Diagnostics;

namespace KubeTune.Operator.Tests.Runtime;

/// <summary>Waits for a condition that another thread makes true, failing with a message at the deadline.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds:0.#}s waiting for: {what}");
            }

            // Poll briefly: the condition is set by the code under test on another thread.
            await Task.Delay(10);
        }
    }
}
