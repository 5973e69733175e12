using System.Collections.Concurrent;

namespace KubeTune.Operator.Progress;

/// <summary>
/// Bounds the TokenReviews that unauthenticated callers can cause: each source address has a bucket of
/// <see cref="ProgressOptions.UnauthenticatedBurst"/> refused authentications refilled at
/// <see cref="ProgressOptions.UnauthenticatedPerSecond"/>; an address with an empty bucket gets 429 before any review.
/// Callers with a cached good token never touch it.
/// </summary>
public sealed class AuthenticationLimiter(ProgressOptions options, TimeProvider time)
{
    private const int MaxAddresses = 10_000;
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="address"/> may have its token reviewed now; else how long until it may.</summary>
    public (bool Allowed, TimeSpan RetryAfter) Check(string address)
    {
        var bucket = buckets.GetOrAdd(address, _ => new Bucket(options.UnauthenticatedBurst, time.GetUtcNow()));
        lock (bucket)
        {
            Refill(bucket);
            return bucket.Tokens >= 1 ? (true, TimeSpan.Zero) : (false, TimeSpan.FromSeconds(Math.Ceiling((1 - bucket.Tokens) / options.UnauthenticatedPerSecond)));
        }
    }

    /// <summary>Counts a refused authentication from <paramref name="address"/>.</summary>
    public void Refused(string address)
    {
        if (buckets.Count > MaxAddresses)
        {
            // Full buckets carry no information: dropping them bounds memory under a spray of addresses.
            foreach (var (key, full) in buckets.Where(pair => pair.Value.Tokens >= options.UnauthenticatedBurst).ToList())
            {
                buckets.TryRemove(new KeyValuePair<string, Bucket>(key, full));
            }
        }

        var bucket = buckets.GetOrAdd(address, _ => new Bucket(options.UnauthenticatedBurst, time.GetUtcNow()));
        lock (bucket)
        {
            Refill(bucket);
            bucket.Tokens = Math.Max(0, bucket.Tokens - 1);
        }
    }

    private void Refill(Bucket bucket)
    {
        var now = time.GetUtcNow();
        bucket.Tokens = Math.Min(options.UnauthenticatedBurst, bucket.Tokens + ((now - bucket.Updated).TotalSeconds * options.UnauthenticatedPerSecond));
        bucket.Updated = now;
    }

    private sealed class Bucket(double tokens, DateTimeOffset updated)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset Updated { get; set; } = updated;
    }
}
