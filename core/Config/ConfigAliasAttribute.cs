using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Serverless.Core.Config;

/// <summary>
/// Another name a config property is read under: Truto's spelling where the project had its own first,
/// or the other way round (docs/integration-config.md lists them). The validator refuses a config that
/// gives both names; the model reads either into the one property.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
internal sealed class ConfigAliasAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>A contract modifier: every aliased property gets a read-only twin under each alias.</summary>
    internal static void AddAliases(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in info.Properties.ToList())
        {
            if (property.AttributeProvider is not MemberInfo member) continue;
            foreach (var alias in member.GetCustomAttributes<ConfigAliasAttribute>())
            {
                var twin = info.CreateJsonPropertyInfo(property.PropertyType, alias.Name);
                twin.Set = property.Set;
                twin.CustomConverter = property.CustomConverter;
                twin.NumberHandling = property.NumberHandling;
                info.Properties.Add(twin);
            }
        }
    }
}
