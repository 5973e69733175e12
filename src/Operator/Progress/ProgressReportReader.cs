using System.Globalization;
using System.Text.Json;

namespace KubeTune.Operator.Progress;

/// <summary>
/// Reads and validates a report body field by field, so a bad report is refused with the field it is wrong in
/// (negative step, a number that is not finite, step beyond totalSteps, a wrong type, malformed JSON).
/// Unknown fields are ignored, so a newer trainer can add some.
/// </summary>
public static class ProgressReportReader
{
    public const int MaxMessageLength = 1024;
    public const int MaxPhaseLength = 64;
    public const int MaxUriLength = 2048;

    private static readonly string[] OutputFormats = ["safetensors", "peft-adapter"];

    public static ProgressReport Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new InvalidReportException("$", $"malformed JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidReportException("$", $"must be a JSON object, was {Kind(root)}");
            }

            var step = Integer(root, "step", "step", required: true)!.Value;
            var totalSteps = Integer(root, "totalSteps", "totalSteps", required: true)!.Value;
            if (totalSteps > 0 && step > totalSteps)
            {
                throw new InvalidReportException("step", $"must not exceed totalSteps ({totalSteps.ToString(CultureInfo.InvariantCulture)}), was {step.ToString(CultureInfo.InvariantCulture)}");
            }

            var percent = Number(root, "percent", "percent", min: 0);
            if (percent > 100)
            {
                throw new InvalidReportException("percent", $"must be between 0 and 100, was {percent.Value.ToString(CultureInfo.InvariantCulture)}");
            }

            return new ProgressReport(
                step,
                totalSteps,
                Epoch: Number(root, "epoch", "epoch", min: 0),
                Percent: percent,
                Phase: Text(root, "phase", "phase", MaxPhaseLength),
                Loss: Readable(Number(root, "loss", "loss")),
                LearningRate: Number(root, "learningRate", "learningRate", min: 0),
                TokensPerSecond: Number(root, "tokensPerSecond", "tokensPerSecond", min: 0),
                SamplesPerSecond: Number(root, "samplesPerSecond", "samplesPerSecond", min: 0),
                EtaSeconds: Number(root, "etaSeconds", "etaSeconds", min: 0),
                Timestamp: Time(root, "timestamp", "timestamp"),
                Final: Flag(root, "final", "final"),
                Eval: Evaluation(root),
                Checkpoint: Checkpoint(root),
                Output: Output(root),
                Message: Text(root, "message", "message", MaxMessageLength));
        }
    }

    private static ProgressEvaluation? Evaluation(JsonElement root)
    {
        if (Child(root, "eval", "eval") is not { } eval)
        {
            return null;
        }

        var accuracy = Number(eval, "evalAccuracy", "eval.evalAccuracy", min: 0, max: 1);
        var f1 = Number(eval, "evalF1", "eval.evalF1", min: 0, max: 1);
        return new ProgressEvaluation(
            Integer(eval, "step", "eval.step", required: true)!.Value,
            Readable(Number(eval, "evalLoss", "eval.evalLoss")),
            accuracy,
            f1,
            Readable(Number(eval, "perplexity", "eval.perplexity", min: 0)));
    }

    private static ProgressCheckpoint? Checkpoint(JsonElement root)
    {
        if (Child(root, "checkpoint", "checkpoint") is not { } checkpoint)
        {
            return null;
        }

        return new ProgressCheckpoint(
            Integer(checkpoint, "step", "checkpoint.step", required: true)!.Value,
            Text(checkpoint, "uri", "checkpoint.uri", MaxUriLength, required: true)!,
            Time(checkpoint, "savedAt", "checkpoint.savedAt"));
    }

    private static ProgressOutput? Output(JsonElement root)
    {
        if (Child(root, "output", "output") is not { } output)
        {
            return null;
        }

        var format = Text(output, "format", "output.format", MaxPhaseLength, required: true)!;
        if (!OutputFormats.Contains(format, StringComparer.Ordinal))
        {
            throw new InvalidReportException("output.format", $"must be one of {string.Join(", ", OutputFormats)}, was '{format}'");
        }

        return new ProgressOutput(Text(output, "uri", "output.uri", MaxUriLength, required: true)!, format, Integer(output, "sizeBytes", "output.sizeBytes"));
    }

    private static JsonElement? Child(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw new InvalidReportException(field, $"must be an object, was {Kind(value)}");
    }

    private static long? Integer(JsonElement parent, string name, string field, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InvalidReportException(field, "is required") : null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw new InvalidReportException(field, $"must be a whole number, was {Shown(value)}");
        }

        return number >= 0 ? number : throw new InvalidReportException(field, $"must not be negative, was {Shown(value)}");
    }

    /// <summary>Five significant digits: what kubectl's Loss column, status and the gauges show (0.63277, not 0.6327686309814453).</summary>
    internal static double? Readable(double? value) =>
        value is not { } number || number == 0
            ? value
            : Math.Round(number, Math.Clamp(4 - (int)Math.Floor(Math.Log10(Math.Abs(number))), 0, 15));

    private static double? Number(JsonElement parent, string name, string field, double? min = null, double? max = null)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw new InvalidReportException(field, $"must be a finite number, was {Shown(value)}");
        }

        if (number < min)
        {
            throw new InvalidReportException(field, min == 0 ? $"must not be negative, was {Shown(value)}" : $"must be at least {min}, was {Shown(value)}");
        }

        return number > max ? throw new InvalidReportException(field, $"must be at most {max.Value.ToString(CultureInfo.InvariantCulture)}, was {Shown(value)}") : number;
    }

    private static string? Text(JsonElement parent, string name, string field, int maxLength, bool required = false)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InvalidReportException(field, "is required") : null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidReportException(field, $"must be a string, was {Kind(value)}");
        }

        var text = value.GetString()!;
        if (required && text.Length == 0)
        {
            throw new InvalidReportException(field, "must not be empty");
        }

        return text.Length <= maxLength ? text : throw new InvalidReportException(field, $"must be at most {maxLength} characters, was {text.Length}");
    }

    private static DateTimeOffset? Time(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time)
            ? time
            : throw new InvalidReportException(field, $"must be an RFC 3339 date-time, was {Shown(value)}");
    }

    private static bool Flag(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new InvalidReportException(field, $"must be true or false, was {Shown(value)}");
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    private static string Shown(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 40 ? raw : raw[..40] + "...";
    }
}
