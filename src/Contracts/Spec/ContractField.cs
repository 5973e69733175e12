using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>A contract property with its JSON name and checks, read once per type (the operator validates every spec on every reconcile).</summary>
internal sealed record ContractField(PropertyInfo Property, string Name, bool Required, BoundsAttribute? Bounds, OneOfAttribute? OneOf)
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ContractField>> ByType = new();

    /// <summary>The public properties of <paramref name="type"/> that carry a JSON name, in declaration order.</summary>
    public static IReadOnlyList<ContractField> Of([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        ByType.TryGetValue(type, out var fields) ? fields : ByType.GetOrAdd(type, Read(type));

    private static IReadOnlyList<ContractField> Read([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .Select(property => new ContractField(
                property,
                property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name,
                property.GetCustomAttribute<RequiredFieldAttribute>() is not null,
                property.GetCustomAttribute<BoundsAttribute>(),
                property.GetCustomAttribute<OneOfAttribute>()))];
}
