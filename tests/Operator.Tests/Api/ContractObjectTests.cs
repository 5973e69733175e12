using System.Reflection;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Tests.Api;

public sealed class ContractObjectTests
{
    // The validator walks only IContractObjects, and the native operator keeps the properties of those alone: a spec
    // class without the marker would have its fields silently unchecked.
    [Fact]
    public void FineTuneJobSpec_EveryNestedSpecClass_IsAContractObject()
    {
        var unmarked = SpecClasses(typeof(FineTuneJobSpec)).Where(type => !typeof(IContractObject).IsAssignableFrom(type)).Select(type => type.FullName).ToList();

        Assert.Empty(unmarked);
        Assert.Contains(typeof(LoraSpec), SpecClasses(typeof(FineTuneJobSpec)));
    }

    private static HashSet<Type> SpecClasses(Type root)
    {
        var found = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            if (type.IsGenericType || type.IsArray)
            {
                foreach (var argument in type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments())
                {
                    pending.Push(argument);
                }

                continue;
            }

            if (!type.IsClass || type == typeof(string) || type.Namespace?.StartsWith("KubeTune.", StringComparison.Ordinal) != true || !found.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                pending.Push(property.PropertyType);
            }
        }

        return found;
    }
}
