using Mono.Cecil;
using Xunit;

namespace Serverless.Functions.Tests.Architecture;

/// <summary>
/// Internal by default (docs/architecture.md, "Code style"): a type of core is public only because the program
/// (Serverless.Functions) uses it, or because a public member of such a type shows it in its signature. The program
/// itself is internal but for its entry point and what the Functions worker SDK generates. Test assemblies see
/// internals through InternalsVisibleTo and count for nothing here. Read from the compiled assemblies.
/// </summary>
public sealed class PublicSurfaceTests
{
    /// <summary>The program reads only constants (or enum values) of these: the compiler copies a constant into the caller and leaves no
    /// reference to its type in the compiled code.</summary>
    private static readonly string[] UsedForConstantsOnly = ["Serverless.Core.Config.ReservedActions", "Serverless.Core.SyncJobs.Running.SyncRunPhase", "Serverless.Core.Triggers.TimerTriggerClock", "Serverless.Core.Workflows.Schedules.WorkflowScheduleTimer"];

    [Fact]
    public void Every_public_core_type_is_used_by_the_program()
    {
        using var core = Read("Serverless.Core");
        using var program = Read("Serverless.Functions");

        var unused = PublicTypesNoOneUses(core.MainModule, [program.MainModule]).Except(UsedForConstantsOnly).ToList();

        Assert.True(unused.Count == 0, "public in Serverless.Core but used by no other assembly (make them internal): "
            + string.Join(", ", unused));
    }

    [Fact]
    public void The_program_is_internal_but_for_its_entry_point_and_generated_types()
    {
        using var program = Read("Serverless.Functions");

        var visible = program.MainModule.GetTypes()
            .Where(IsVisible)
            .Where(type => type.FullName != "Program")
            .Where(type => !type.CustomAttributes.Any(a => a.AttributeType.FullName == "System.CodeDom.Compiler.GeneratedCodeAttribute"))
            .Select(type => type.FullName)
            .ToList();

        Assert.True(visible.Count == 0, "public in Serverless.Functions (make them internal): " + string.Join(", ", visible));
    }

    [Fact]
    public void The_check_finds_a_public_type_that_no_one_uses()
    {
        using var core = Read("Serverless.Core");

        Assert.NotEmpty(PublicTypesNoOneUses(core.MainModule, consumers: []));
    }

    private static AssemblyDefinition Read(string name) =>
        AssemblyDefinition.ReadAssembly(Path.Combine(AppContext.BaseDirectory, name + ".dll"));

    private static bool IsVisible(TypeDefinition type) =>
        type.IsPublic || (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamilyOrAssembly) && IsVisible(type.DeclaringType);

    /// <summary>
    /// The visible types of <paramref name="module"/> that the consumers mention nowhere, neither directly nor through
    /// the signature of a visible member of a type they use.
    /// </summary>
    private static List<string> PublicTypesNoOneUses(ModuleDefinition module, IReadOnlyList<ModuleDefinition> consumers)
    {
        var name = module.Assembly.Name.Name;
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<TypeReference>();

        void Use(TypeReference? reference)
        {
            foreach (var type in Elements(reference))
            {
                if (type.Scope is AssemblyNameReference scope && scope.Name == name || type.Module == module)
                {
                    for (var outer = type; outer is not null; outer = outer.DeclaringType)
                    {
                        if (used.Add(outer.FullName)) pending.Enqueue(outer);
                    }
                }
            }
        }

        foreach (var consumer in consumers)
        {
            foreach (var reference in consumer.GetTypeReferences()) Use(reference);
            foreach (var member in consumer.GetMemberReferences())
            {
                Use(member.DeclaringType);
                if (member is GenericInstanceMethod method) method.GenericArguments.ToList().ForEach(Use);
            }
            foreach (var type in consumer.GetTypes())
            {
                Use(type.BaseType);
                foreach (var implemented in type.Interfaces) Use(implemented.InterfaceType);
                foreach (var method in type.Methods.Where(m => m.HasBody))
                {
                    foreach (var instruction in method.Body.Instructions)
                    {
                        if (instruction.Operand is TypeReference operand) Use(operand);
                        if (instruction.Operand is MemberReference member) Use(member.DeclaringType);
                        if (instruction.Operand is GenericInstanceMethod generic) generic.GenericArguments.ToList().ForEach(Use);
                    }
                }
            }
        }

        // What a used type shows in its visible signatures is used too: it cannot be internal while they are public.
        while (pending.TryDequeue(out var reference))
        {
            if (module.GetType(reference.FullName) is not { } type) continue;
            Use(type.BaseType);
            foreach (var implemented in type.Interfaces) Use(implemented.InterfaceType);
            foreach (var field in type.Fields.Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly)) Use(field.FieldType);
            foreach (var method in type.Methods.Where(m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly))
            {
                Use(method.ReturnType);
                foreach (var parameter in method.Parameters) Use(parameter.ParameterType);
            }
        }

        return [.. module.GetTypes().Where(IsVisible).Select(type => type.FullName).Where(type => !used.Contains(type)).Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<TypeReference> Elements(TypeReference? reference) => reference switch
    {
        null or GenericParameter => [],
        GenericInstanceType generic => [.. Elements(generic.ElementType), .. generic.GenericArguments.SelectMany(Elements)],
        TypeSpecification specification => Elements(specification.ElementType),
        _ => [reference],
    };
}
