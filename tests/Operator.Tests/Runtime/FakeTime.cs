using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Operator.Tests.Runtime;

/// <summary>Moves fake time forward in steps until a task completes, for delays whose timer starts on another thread.</summary>
internal static class FakeTime
{
    /// <summary>Returns how much fake time had to pass before <paramref name="task"/> completed.</summary>
    public static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider time, Task task, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            if (advanced >= limit)
            {
                Assert.Fail($"still waiting after {limit} of fake time");
            }

            time.Advance(step);
            advanced += step;

            // Give the code under test a moment of real time to react to the timer.
            await Task.WhenAny(task, Task.Delay(20));
        }

        await task;
        return advanced;
    }
}
