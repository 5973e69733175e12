namespace KubeTune.Trainer.Data.Images;

/// <summary>Turns decoded pixels into one channels-first pixel_values row: bilinear resize, centre crop, rescale, normalise.</summary>
internal static class ImageTransform
{
    /// <summary>Writes Channels × Height × Width floats into <paramref name="destination"/>.</summary>
    public static void Apply(DecodedImage image, ImagePreprocessing settings, Span<float> destination)
    {
        var (resizedWidth, resizedHeight) = (settings.Width, settings.Height);
        if (settings.ShortestEdge is { } edge)
        {
            // transformers' shortest_edge: scale the short side (to edge / crop_pct when set), then centre-crop.
            var target = settings.CropPct is { } pct && pct > 0 ? (int)(edge / pct) : edge;
            var scale = (double)target / Math.Min(image.Width, image.Height);
            (resizedWidth, resizedHeight) = (Math.Max(settings.Width, (int)Math.Round(image.Width * scale)), Math.Max(settings.Height, (int)Math.Round(image.Height * scale)));
        }

        var left = (resizedWidth - settings.Width) / 2;
        var top = (resizedHeight - settings.Height) / 2;
        var scaleX = (double)image.Width / resizedWidth;
        var scaleY = (double)image.Height / resizedHeight;
        var plane = settings.Height * settings.Width;
        for (var y = 0; y < settings.Height; y++)
        {
            // Half-pixel centres, as torch's interpolate(mode=bilinear, align_corners=False).
            var sourceY = Math.Clamp(((y + top + 0.5) * scaleY) - 0.5, 0, image.Height - 1);
            var y0 = (int)sourceY;
            var y1 = Math.Min(y0 + 1, image.Height - 1);
            var wy = sourceY - y0;
            for (var x = 0; x < settings.Width; x++)
            {
                var sourceX = Math.Clamp(((x + left + 0.5) * scaleX) - 0.5, 0, image.Width - 1);
                var x0 = (int)sourceX;
                var x1 = Math.Min(x0 + 1, image.Width - 1);
                var wx = sourceX - x0;
                for (var c = 0; c < settings.Channels; c++)
                {
                    var sc = Math.Min(c, image.Channels - 1);
                    var top0 = Pixel(image, x0, y0, sc) + ((Pixel(image, x1, y0, sc) - Pixel(image, x0, y0, sc)) * wx);
                    var bottom = Pixel(image, x0, y1, sc) + ((Pixel(image, x1, y1, sc) - Pixel(image, x0, y1, sc)) * wx);
                    var value = top0 + ((bottom - top0) * wy);
                    destination[(c * plane) + (y * settings.Width) + x] = (((float)value * settings.RescaleFactor) - settings.Mean[c]) / settings.Std[c];
                }
            }
        }
    }

    private static double Pixel(DecodedImage image, int x, int y, int channel) =>
        image.Pixels[(((y * image.Width) + x) * image.Channels) + channel];
}
