namespace KubeTune.Trainer.Data.Images;

/// <summary>Interleaved 8-bit pixels (row-major, Channels values per pixel: 1 grey or 3 RGB).</summary>
internal sealed record DecodedImage(byte[] Pixels, int Width, int Height, int Channels);
