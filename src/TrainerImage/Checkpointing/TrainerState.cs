using System.Text.Json;
using System.Text.Json.Serialization;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Checkpointing;

/// <summary>
/// Where a run stands at an optimizer-step boundary (trainer_state.json): the next step, the position in the data and
/// the early-stopping bookkeeping; with the weights, optimizer and RNG files it resumes the run exactly.
/// </summary>
public sealed record TrainerState(
    int GlobalStep,
    int TotalSteps,
    int Epoch,
    int BatchesDoneInEpoch,
    long Seed,
    DateTimeOffset SavedAt,
    double? BestMetric = null,
    int? BestStep = null,
    int EvaluationsWithoutImprovement = 0,
    bool HasBestWeights = false)
{
    public const string FileName = "trainer_state.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Save(string directory) =>
        NoFollowFiles.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Options) + "\n");

    public static TrainerState Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path}: empty trainer state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: unreadable trainer state: {e.Message}", e);
        }
    }
}
