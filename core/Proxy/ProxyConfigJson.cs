using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Serverless.Core.Config;

namespace Serverless.Core.Proxy;

/// <summary>
/// <see cref="IntegrationConfigJson.Options"/> for reading configs, with the computed <c>Format</c>
/// overrides of the polymorphic definitions hidden: <c>[JsonIgnore]</c> on the abstract property does not
/// carry over to the overrides, so System.Text.Json sees them clash with the <c>format</c> discriminator.
/// </summary>
/// <remarks>Remove once the config model marks the overrides itself.</remarks>
public static class ProxyConfigJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(IntegrationConfigJson.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { HideDiscriminatorOverrides } },
        };
        options.MakeReadOnly();
        return options;
    }

    private static void HideDiscriminatorOverrides(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.BaseType?.GetCustomAttribute<JsonPolymorphicAttribute>() is not { } polymorphic) return;
        var discriminator = polymorphic.TypeDiscriminatorPropertyName ?? "$type";
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].Name == discriminator) typeInfo.Properties.RemoveAt(i);
        }
    }
}
