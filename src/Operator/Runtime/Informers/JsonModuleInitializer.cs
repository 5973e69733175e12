using System.Runtime.CompilerServices;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>Installs the generated JSON resolvers when the operator's assembly loads, before any code of it runs.</summary>
internal static class JsonModuleInitializer
{
    [ModuleInitializer]
    internal static void Initialize() => KubernetesJsonOptions.Install();
}
