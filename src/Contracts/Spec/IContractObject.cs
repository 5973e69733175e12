using System.Diagnostics.CodeAnalysis;

namespace KubeTune.Contracts;

/// <summary>
/// A spec object that <see cref="TrainingSpecValidator"/> walks field by field. The annotation keeps the public
/// properties of every implementing type for reflection in the native operator, and lets the analyzers prove it.
/// </summary>
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
public interface IContractObject;
