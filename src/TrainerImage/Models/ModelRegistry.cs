namespace KubeTune.Trainer.Models;

/// <summary>Selects the architecture for a config.json by <c>architectures</c>, then by <c>model_type</c>.</summary>
public sealed class ModelRegistry
{
    private readonly IReadOnlyList<IModelArchitecture> families;

    public ModelRegistry(IEnumerable<IModelArchitecture> families)
    {
        this.families = families.ToList();
    }

    /// <summary>Every architecture in this assembly.</summary>
    public static ModelRegistry Default { get; } = new(
        typeof(ModelRegistry).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IModelArchitecture).IsAssignableFrom(type))
            .Where(type => type.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (IModelArchitecture)Activator.CreateInstance(type)!));

    public IReadOnlyList<string> SupportedModelTypes =>
        families.SelectMany(family => family.ModelTypes).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> SupportedArchitectures =>
        families.SelectMany(family => family.Architectures).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The family and class to build: <paramref name="architecture"/> when the caller needs a specific head,
    /// else the first known name in config.architectures, else the default class of config.model_type.
    /// </summary>
    public (IModelArchitecture Family, string Architecture) Resolve(HfConfig config, string? architecture = null)
    {
        if (architecture is not null)
        {
            return (FindByArchitecture(architecture) ?? throw Unsupported(config, $"architecture '{architecture}'"), architecture);
        }

        foreach (var name in config.Architectures)
        {
            if (FindByArchitecture(name) is { } family)
            {
                return (family, name);
            }
        }

        var modelType = config.ModelType;
        if (modelType is not null && families.FirstOrDefault(f => f.ModelTypes.Contains(modelType)) is { } byType)
        {
            // A family serving several model types names its classes after them (qwen2 -> Qwen2ForCausalLM).
            var named = byType.Architectures.FirstOrDefault(name => name.StartsWith(modelType, StringComparison.OrdinalIgnoreCase));
            return (byType, named ?? byType.Architectures[0]);
        }

        var what = modelType is null
            ? $"architectures [{string.Join(", ", config.Architectures)}] without model_type"
            : $"model_type '{modelType}' (architectures [{string.Join(", ", config.Architectures)}])";
        throw Unsupported(config, what);
    }

    /// <summary>Builds the model a config describes (randomly initialised).</summary>
    public PretrainedModel Create(HfConfig config, string? architecture = null)
    {
        var (family, name) = Resolve(config, architecture);
        return family.Create(config, name);
    }

    private IModelArchitecture? FindByArchitecture(string name) =>
        families.FirstOrDefault(family => family.Architectures.Contains(name));

    private InvalidInputException Unsupported(HfConfig config, string what) => new(
        $"{config.Source}: unsupported {what}; supported model_type values: {string.Join(", ", SupportedModelTypes)}; " +
        $"supported architectures: {string.Join(", ", SupportedArchitectures)}");
}
