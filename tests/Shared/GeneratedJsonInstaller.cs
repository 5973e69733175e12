using System.Runtime.CompilerServices;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Testing;

/// <summary>
/// Installs the operator's generated JSON resolvers before any test serializes through the client (its options lock at
/// first use). Compiled into the test projects that load the operator (Operator.Tests, Local.Tests).
/// </summary>
internal static class GeneratedJsonInstaller
{
#pragma warning disable CA2255 // A test assembly is where this belongs: the operator's own initializer runs only once its code is touched.
    [ModuleInitializer]
    internal static void Install() => KubernetesJsonOptions.Install();
#pragma warning restore CA2255
}
