namespace KubeTune.Trainer.Models;

/// <summary>
/// One family of Hugging Face models. Implementations are found by reflection (public, parameterless
/// constructor), so a new architecture only adds its own folder.
/// </summary>
public interface IModelArchitecture
{
    /// <summary>The config.json <c>model_type</c> values this family reads (e.g. "llama", "mistral").</summary>
    IReadOnlyList<string> ModelTypes { get; }

    /// <summary>The config.json <c>architectures</c> class names it builds; the first is the default.</summary>
    IReadOnlyList<string> Architectures { get; }

    /// <summary>Builds a randomly initialised model for the config; weights are loaded afterwards.</summary>
    PretrainedModel Create(HfConfig config, string architecture);

    /// <summary>
    /// How many parameters <see cref="Create"/> would allocate, from the config alone (checking it as Create would),
    /// so an impossible model is refused before any memory is taken. A double: a hostile config may overflow a long.
    /// </summary>
    double ParameterCount(HfConfig config, string architecture);
}
