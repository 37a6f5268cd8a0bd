using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Serverless.Core.Config.Schema;

namespace Serverless.Core.Config;

/// <summary>
/// Derives schema rules from the config model's own serialization contract (<see cref="IntegrationConfigJson.Options"/>),
/// so that the keys a config may have are exactly the ones the model reads: property names as the contract spells them
/// (snake_case or <see cref="JsonPropertyNameAttribute"/>), their <see cref="ConfigAliasAttribute"/> names (each with a
/// check that a config gives only one of the two), enum values as the enum converter writes them, and the variants of
/// polymorphic records from their <see cref="JsonDerivedTypeAttribute"/>s. The value rules follow the property types
/// (text, boolean, integer, enum, list, map, record); <see cref="Property{T}(Expression{Func{T, object}}, SchemaRule?, bool, bool)"/> refines what a type cannot say
/// (templates, JSONata, URLs, required keys, ranges) and <see cref="Check{T}"/> adds rules that span properties.
/// </summary>
internal sealed class ModelRules(JsonSerializerOptions options)
{
    private static readonly StringRule Text = new();

    private readonly Dictionary<(Type, string), PropertyRefinement> _refinements = [];
    private readonly Dictionary<Type, SchemaRule> _stringRules = [];
    private readonly Dictionary<Type, List<Action<JsonObject, string, SchemaContext>>> _checks = [];
    private readonly Dictionary<Type, SchemaRule> _built = [];

    /// <summary>Refines one property: its value rule (else the one its type gives), whether it is required, whether it may be <c>null</c>.</summary>
    public ModelRules Property<T>(Expression<Func<T, object?>> property, SchemaRule? rule = null, bool required = false, bool nullable = false) =>
        Property(property, rule is null ? null : () => rule, required, nullable);

    /// <summary>As <see cref="Property{T}(Expression{Func{T, object}}, SchemaRule?, bool, bool)"/>, with a rule built when the rules are (it may use <see cref="For{T}"/>).</summary>
    public ModelRules Property<T>(Expression<Func<T, object?>> property, Func<SchemaRule>? rule, bool required = false, bool nullable = false)
    {
        var member = Member(property);
        _refinements[(member.DeclaringType!, member.Name)] = new PropertyRefinement(rule, required, nullable);
        return this;
    }

    /// <summary>The rule of every text property that <typeparamref name="T"/> (or a type derived from it) declares, unless refined one by one.</summary>
    public ModelRules Strings<T>(StringRule rule)
    {
        _stringRules[typeof(T)] = rule;
        return this;
    }

    /// <summary>Rules over several properties of <typeparamref name="T"/>, run when the value is an object.</summary>
    public ModelRules Check<T>(params Action<JsonObject, string, SchemaContext>[] rules)
    {
        if (!_checks.TryGetValue(typeof(T), out var list)) _checks[typeof(T)] = list = [];
        list.AddRange(rules);
        return this;
    }

    /// <summary>The rule of <typeparamref name="T"/>; ask only once every refinement is given (the rules are built and kept then).</summary>
    public SchemaRule For<T>() => For(typeof(T));

    private SchemaRule For(Type type)
    {
        if (_built.TryGetValue(type, out var rule)) return rule;
        rule = Value(type, JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name), numericStrings: false);
        _built[type] = rule;
        return rule;
    }

    /// <summary>The rule a value of <paramref name="type"/> follows; <paramref name="label"/> names it in enum messages.</summary>
    private SchemaRule Value(Type type, string label, bool numericStrings)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return Text;
        if (type == typeof(bool)) return BooleanRule.Instance;
        if (type == typeof(int)) return new IntegerRule { Min = int.MinValue, Max = int.MaxValue, AllowNumericString = numericStrings };
        if (type.IsEnum) return new StringRule { AllowedValues = EnumValues(type), ValueLabel = label };
        if (type == typeof(JsonNode)) return AnyRule.Template;
        if (type == typeof(JsonObject)) return new MapRule(AnyRule.Template);
        if (ElementOf(type, typeof(IReadOnlyList<>)) is { } item) return new ArrayRule(Value(item, label, numericStrings: false));
        if (ElementOf(type, typeof(IReadOnlyDictionary<,>)) is { } value) return new MapRule(Value(value, label, numericStrings: false));
        if (type.GetCustomAttribute<JsonPolymorphicAttribute>() is { } polymorphic) return Variants(type, polymorphic.TypeDiscriminatorPropertyName ?? "$type");
        return Object(type, ignored: []);
    }

    private DiscriminatedRule Variants(Type type, string discriminator) => new(
        discriminator,
        type.GetCustomAttributes<JsonDerivedTypeAttribute>().ToDictionary(
            derived => (string)derived.TypeDiscriminator!, derived => Object(derived.DerivedType, ignored: [discriminator]), StringComparer.Ordinal));

    private ObjectRule Object(Type type, IReadOnlyCollection<string> ignored)
    {
        var properties = new Dictionary<string, PropertyRule>(StringComparer.Ordinal);
        var aliases = new List<(string Alias, string Name)>();
        foreach (var property in options.GetTypeInfo(type).Properties)
        {
            // Only what the model reads: not what it computes or ignores. The twins ConfigAliasAttribute adds to the
            // contract have no member: they come from the attributes, below.
            if (property.Set is null || property.AttributeProvider is not PropertyInfo member) continue;
            var refinement = _refinements.GetValueOrDefault((member.DeclaringType!, member.Name));
            var rule = refinement?.Rule?.Invoke()
                ?? (property.PropertyType == typeof(string) ? StringRule(member.DeclaringType!) : null)
                ?? Value(property.PropertyType, property.Name, property.NumberHandling?.HasFlag(JsonNumberHandling.AllowReadingFromString) == true);
            properties[property.Name] = new PropertyRule(rule, refinement?.Required ?? false, refinement?.Nullable ?? false);
            aliases.AddRange(member.GetCustomAttributes<ConfigAliasAttribute>().Select(alias => (alias.Name, property.Name)));
        }

        // An alias is read like its property; a required property may be given under either name, never both.
        var required = aliases.Where(alias => properties[alias.Name].Required).ToList();
        foreach (var (alias, name) in aliases) properties[alias] = properties[name] with { Required = false };
        foreach (var (_, name) in required) properties[name] = properties[name] with { Required = false };

        var typeChecks = Lineage(type).SelectMany(t => _checks.GetValueOrDefault(t) ?? []).ToList();
        typeChecks.AddRange(aliases.Select(alias => NotBoth(alias.Name, alias.Alias)));
        typeChecks.AddRange(required.Select(alias => AtLeastOneOf(alias.Name, alias.Alias)));
        return new ObjectRule(properties) { Checks = typeChecks, IgnoredProperties = ignored };
    }

    private SchemaRule? StringRule(Type declaringType) =>
        Lineage(declaringType).Select(t => _stringRules.GetValueOrDefault(t)).FirstOrDefault(rule => rule is not null);

    /// <summary>The names the model's enum converter writes for the values of <paramref name="type"/>.</summary>
    public IReadOnlyList<string> EnumValues(Type type) =>
        [.. Enum.GetValues(type).Cast<object>().Select(value => JsonSerializer.SerializeToNode(value, type, options)!.GetValue<string>())];

    public static Action<JsonObject, string, SchemaContext> AtLeastOneOf(params string[] names) => (obj, path, context) =>
    {
        if (!names.Any(obj.ContainsKey))
        {
            context.Add(path, $"needs one of {string.Join(", ", names)}");
        }
    };

    private static Action<JsonObject, string, SchemaContext> NotBoth(string name, string alias) => (obj, path, context) =>
    {
        if (obj.ContainsKey(name) && obj.ContainsKey(alias))
        {
            context.Add(Json.JsonPath.Property(path, alias), $"is another name of {name}; give only one of them");
        }
    };

    private static IEnumerable<Type> Lineage(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType) yield return current;
    }

    private static Type? ElementOf(Type type, Type generic)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        return match?.GetGenericArguments()[^1];
    }

    private static PropertyInfo Member<T>(Expression<Func<T, object?>> property)
    {
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : property.Body;
        return body is MemberExpression { Member: PropertyInfo member }
            ? member
            : throw new ArgumentException($"expected a property of {typeof(T).Name}, got {property}", nameof(property));
    }

    private sealed record PropertyRefinement(Func<SchemaRule>? Rule, bool Required, bool Nullable);
}
