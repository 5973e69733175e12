using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace KubeTune.Contracts;

/// <summary>
/// A string spec field that must be one of the values of a constants class (its static <c>All</c> list), so the
/// allowed values are written once and the CRD agreement test can compare them with the schema's enum.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute : Attribute
{
    private IReadOnlyList<string>? values;

    public OneOfAttribute([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type valuesClass)
    {
        ValuesClass = valuesClass;
    }

    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    public Type ValuesClass { get; }

    /// <summary>Read once: validation asks on every reconcile, and a reflection call each time costs an invoke stub.</summary>
    public IReadOnlyList<string> Values => values ??=
        (IReadOnlyList<string>)(ValuesClass.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{ValuesClass.Name} has no static All list"));
}
