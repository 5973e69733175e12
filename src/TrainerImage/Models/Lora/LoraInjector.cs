using System.Reflection;
using TorchSharp;
using TorchSharp.Utils;

namespace KubeTune.Trainer.Models.Lora;

/// <summary>Freezes a model and wraps its target layers in <see cref="LoraLinear"/>, as PEFT's get_peft_model does.</summary>
public static class LoraInjector
{
    /// <summary>Returns the wrapped modules by their Hugging Face module names (e.g. model.layers.0.self_attn.q_proj).</summary>
    public static IReadOnlyDictionary<string, LoraLinear> Inject(PretrainedModel model, LoraSettings settings)
    {
        foreach (var parameter in model.parameters())
        {
            parameter.requires_grad = false;
        }

        // PEFT matches a target when it equals the module name or its last dotted components.
        var targets = model.named_modules()
            .Where(pair => pair.name.Length > 0 && LoraLinear.CanWrap(pair.module))
            .Where(pair => settings.TargetModules.Any(target => pair.name == target || pair.name.EndsWith("." + target, StringComparison.Ordinal)))
            .ToList();
        if (targets.Count == 0)
        {
            var linearNames = model.named_modules().Where(pair => LoraLinear.CanWrap(pair.module)).Select(pair => pair.name.Split('.')[^1]).Distinct();
            throw new InvalidInputException(
                $"lora.targetModules [{string.Join(", ", settings.TargetModules)}] match no layer of {model.Architecture}; its layers: {string.Join(", ", linearNames)}");
        }

        var modules = ModulesByName(model);
        var wrapped = new Dictionary<string, LoraLinear>(StringComparer.Ordinal);
        foreach (var (name, module) in targets)
        {
            var lora = new LoraLinear((torch.nn.Module<torch.Tensor, torch.Tensor>)module, settings);
            Replace(modules, name, lora);
            wrapped[name] = lora;
        }

        return wrapped;
    }

    /// <summary>Every sub-module by its Hugging Face name, the model itself as "" (the parent of top-level layers).</summary>
    internal static Dictionary<string, torch.nn.Module> ModulesByName(PretrainedModel model)
    {
        var modules = model.named_modules().ToDictionary(pair => pair.name, pair => pair.module, StringComparer.Ordinal);
        modules[""] = model;
        return modules;
    }

    /// <summary>Puts <paramref name="replacement"/> where the module called <paramref name="name"/> is (field and registration).</summary>
    internal static void Replace(IReadOnlyDictionary<string, torch.nn.Module> modules, string name, torch.nn.Module replacement)
    {
        var split = name.LastIndexOf('.');
        var parent = split < 0 ? modules[""] : modules[name[..split]];
        var child = name[(split + 1)..];
        var field = FindField(parent.GetType(), child)
            ?? throw new InvalidOperationException($"{parent.GetType().Name} has no field for sub-module '{child}'");
        if (!field.FieldType.IsInstanceOfType(replacement))
        {
            throw new InvalidInputException($"lora.targetModules: '{name}' cannot take a LoRA layer (a {field.FieldType.Name} in {parent.GetType().Name}); target another layer");
        }

        field.SetValue(parent, replacement);
        parent.register_module(child, null!);
        parent.register_module(child, replacement);
    }

    private static FieldInfo? FindField(Type? type, string componentName)
    {
        for (; type is not null; type = type.BaseType)
        {
            var field = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .FirstOrDefault(f => (f.GetCustomAttribute<ComponentNameAttribute>()?.Name ?? f.Name) == componentName);
            if (field is not null)
            {
                return field;
            }
        }

        return null;
    }
}
