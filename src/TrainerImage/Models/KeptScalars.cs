using TorchSharp;

namespace KubeTune.Trainer.Models;

/// <summary>
/// Scalars that live for the whole process. TorchSharp 0.107 turns a number argument (and the default alpha of
/// <c>a + b</c>) into a temporary <see cref="Scalar"/> that nothing references once its handle is read, so a GC started
/// by another thread (the batch prefetcher) can finalize and free it while libtorch still reads it. Hot paths pass these.
/// </summary>
public static class KeptScalars
{
    /// <summary>An int64 1: the alpha of a plain tensor add and the step of an int64 counter.</summary>
    public static readonly Scalar One = 1L.ToScalar();
}
