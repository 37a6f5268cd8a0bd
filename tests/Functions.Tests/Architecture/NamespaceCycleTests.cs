using Mono.Cecil;
using Xunit;

namespace Serverless.Functions.Tests.Architecture;

/// <summary>
/// The capabilities (the folders right under core/ and functions/, which the namespaces mirror) depend on each other
/// in one direction only: read from the compiled assemblies, every type a type mentions in its signatures, fields,
/// attributes and method bodies counts.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Theory]
    [InlineData("Serverless.Core")]
    [InlineData("Serverless.Functions")]
    public void Capabilities_depend_on_each_other_without_cycles(string assemblyName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        using var assembly = AssemblyDefinition.ReadAssembly(path);
        var edges = Dependencies(assembly.MainModule, assemblyName);

        var cycles = StronglyConnected(edges).Where(component => component.Count > 1).ToList();

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(component =>
            "cycle: " + string.Join(" ↔ ", component) + "\n" + string.Join("\n", edges
                .Where(edge => component.Contains(edge.Key.From) && component.Contains(edge.Key.To))
                .Select(edge => $"  {edge.Key.From} → {edge.Key.To}: {string.Join(", ", edge.Value.Take(3))}")))));
    }

    [Fact]
    public void The_check_finds_a_cycle_where_there_is_one()
    {
        var edges = new Dictionary<(string From, string To), HashSet<string>>
        {
            [("A", "B")] = [],
            [("B", "C")] = [],
            [("C", "A")] = [],
            [("C", "D")] = [],
        };
        Assert.Equal(["A", "B", "C"], Assert.Single(StronglyConnected(edges), component => component.Count > 1).Order());
    }

    /// <summary>Capability → capability, with the types that make each edge.</summary>
    private static Dictionary<(string From, string To), HashSet<string>> Dependencies(ModuleDefinition module, string root)
    {
        var edges = new Dictionary<(string From, string To), HashSet<string>>();
        foreach (var type in module.GetTypes())
        {
            var from = Capability(type, root);
            if (from is null) continue;
            foreach (var used in Mentions(type))
            {
                if (Capability(used, root) is { } to && to != from)
                {
                    if (!edges.TryGetValue((from, to), out var why)) edges[(from, to)] = why = [];
                    why.Add($"{Outermost(type).Name} uses {Outermost(used).Name}");
                }
            }
        }

        return edges;
    }

    private static IEnumerable<TypeReference> Mentions(TypeDefinition type)
    {
        IEnumerable<TypeReference> Of(TypeReference? reference) => reference switch
        {
            null or GenericParameter => [],
            GenericInstanceType generic => [.. Of(generic.ElementType), .. generic.GenericArguments.SelectMany(Of)],
            TypeSpecification specification => Of(specification.ElementType),
            _ => [reference],
        };

        var found = new List<TypeReference>();
        found.AddRange(Of(type.BaseType));
        found.AddRange(type.Interfaces.SelectMany(i => Of(i.InterfaceType)));
        found.AddRange(type.CustomAttributes.SelectMany(a => Of(a.AttributeType)));
        found.AddRange(type.Fields.SelectMany(f => Of(f.FieldType)));
        foreach (var method in type.Methods)
        {
            found.AddRange(Of(method.ReturnType));
            found.AddRange(method.Parameters.SelectMany(p => Of(p.ParameterType)));
            if (!method.HasBody) continue;
            found.AddRange(method.Body.Variables.SelectMany(v => Of(v.VariableType)));
            foreach (var instruction in method.Body.Instructions)
            {
                found.AddRange(instruction.Operand switch
                {
                    TypeReference reference => Of(reference),
                    MethodReference called => [.. Of(called.DeclaringType), .. Of(called.ReturnType), .. called.Parameters.SelectMany(p => Of(p.ParameterType))],
                    FieldReference field => [.. Of(field.DeclaringType), .. Of(field.FieldType)],
                    _ => [],
                });
            }
        }

        return found;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    /// <summary><c>Serverless.Core.Proxy</c> for any type of <c>Serverless.Core.Proxy</c> or below; <c>null</c> outside the assembly's root.</summary>
    private static string? Capability(TypeReference type, string root)
    {
        var ns = Outermost(type).Namespace;
        if (!ns.StartsWith(root + ".", StringComparison.Ordinal)) return null;
        var segment = ns[(root.Length + 1)..].Split('.')[0];
        return root + "." + segment;
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<(string From, string To), HashSet<string>> edges)
    {
        var next = edges.Keys.GroupBy(edge => edge.From).ToDictionary(group => group.Key, group => group.Select(edge => edge.To).ToList());
        var nodes = edges.Keys.SelectMany(edge => new[] { edge.From, edge.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in next.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], index[target]);
                }
            }

            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            components.Add(component);
        }

        foreach (var node in nodes.Where(node => !index.ContainsKey(node))) Visit(node);
        return components;
    }
}
