using System.Diagnostics;

namespace KubeTune.Testing;

/// <summary>Waits for a condition that other threads make true, failing with what it waited for at the deadline (10 s unless told).</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), what, timeout ?? DefaultTimeout, TimeSpan.FromMilliseconds(10));

    // Asynchronous conditions usually ask an API server: poll them half as often.
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(condition, what, timeout ?? DefaultTimeout, TimeSpan.FromMilliseconds(20));

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, TimeSpan pollInterval)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#}s waiting for: {what}");
            }

            await Task.Delay(pollInterval);
        }
    }
}
