namespace KubeTune.Contracts;

/// <summary>A spec field that must be present (and, for a string, not empty); the CRD lists it under required.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredFieldAttribute : Attribute;
