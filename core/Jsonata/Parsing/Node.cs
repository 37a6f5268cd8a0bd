using System.Text.RegularExpressions;
using Serverless.Core.Jsonata.Evaluation;

namespace Serverless.Core.Jsonata.Parsing;

internal enum NodeType
{
    Path,
    Binary,
    Unary,
    Name,
    String,
    Number,
    Value,
    Wildcard,
    Descendant,
    Parent,
    Condition,
    Coalesce,
    Elvis,
    Block,
    Bind,
    Regex,
    Function,
    Partial,
    Variable,
    Lambda,
    Apply,
    Transform,
    Sort,
    Operator,
    ArrayConstructor,
    ObjectConstructor,
    Negate,
    GroupBy,
    OrderBy,
    Focus,
    IndexBind,
    Predicate,
}

/// <summary>An ancestor ('%') reference resolved to the step whose context it names.</summary>
internal sealed class AncestorSlot
{
    public required string Label { get; set; }
    public int Level { get; set; }
    public int Index { get; init; }
}

internal sealed class Stage
{
    public bool IsIndex { get; init; }
    public Node? Expr { get; init; }
    public string? IndexVariable { get; init; }
    public int Position { get; init; }
}

internal sealed record SortTerm(bool Descending, Node Expression);

internal sealed class GroupSpec
{
    public required List<(Node Key, Node Value)> Pairs { get; init; }
    public int Position { get; init; }
}

/// <summary>A node of the (processed) syntax tree; fields mirror the reference implementation's AST.</summary>
internal sealed class Node
{
    public Node(NodeType type, int position)
    {
        Type = type;
        Position = position;
    }

    public NodeType Type { get; set; }
    public int Position { get; set; }

    /// <summary>Operator text, name, variable name, or string value.</summary>
    public string? Text { get; set; }

    /// <summary>Literal value (boxed once at compile time).</summary>
    public object? Literal { get; set; }

    public Node? Lhs { get; set; }
    public Node? Rhs { get; set; }
    public Node? Expression { get; set; }
    public List<Node>? Expressions { get; set; }
    public List<(Node Key, Node Value)>? Pairs { get; set; }

    // path / steps
    public List<Node>? Steps { get; set; }
    public List<Stage>? Predicates { get; set; }
    public List<Stage>? Stages { get; set; }
    public GroupSpec? Group { get; set; }
    public string? Focus { get; set; }
    public string? IndexVariable { get; set; }
    public bool Tuple { get; set; }
    public AncestorSlot? Ancestor { get; set; }
    public AncestorSlot? Slot { get; set; }
    public List<AncestorSlot>? SeekingParent { get; set; }
    public bool KeepArray { get; set; }
    public bool KeepSingletonArray { get; set; }
    public bool ConsArray { get; set; }

    // function call / lambda
    public Node? Procedure { get; set; }
    public List<Node>? Arguments { get; set; }
    public Signature? Signature { get; set; }
    public Node? Body { get; set; }
    public bool Thunk { get; set; }

    // condition
    public Node? Condition { get; set; }
    public Node? Then { get; set; }
    public Node? Else { get; set; }

    public List<SortTerm>? Terms { get; set; }

    // transform
    public Node? Pattern { get; set; }
    public Node? Update { get; set; }
    public Node? Delete { get; set; }

    public Regex? CompiledRegex { get; set; }

    /// <summary>
    /// Keys of an object constructor whose keys are distinct string literals (no duplicate-key check
    /// needed); the objects it builds share this array.
    /// </summary>
    public string[]? LiteralKeys { get; set; }

    /// <summary>
    /// A field step whose value in input text was last seen not to be an array: evaluation stops
    /// looking for an array of objects to view there (a hint only; a benign race between threads).
    /// </summary>
    public bool NotAnArrayField { get; set; }

    // 0 = not yet known, 1 = yes, 2 = no; computed on first use (a benign race: every thread computes the same).
    private byte _plainName;

    /// <summary>
    /// A path that is one field name with nothing attached (no predicates, bindings, grouping or
    /// singleton-array marks): on one object it is a direct member lookup.
    /// </summary>
    public bool IsPlainName
    {
        get
        {
            if (_plainName == 0)
            {
                _plainName = ComputeIsPlainName() ? (byte)1 : (byte)2;
            }
            return _plainName == 1;
        }
    }

    private bool ComputeIsPlainName()
    {
        if (Type != NodeType.Path || Steps is not { Count: 1 } || Predicates is not null || KeepSingletonArray || Group is not null || Tuple || KeepArray)
        {
            return false;
        }
        return Steps[0].IsPlainFieldStep;
    }

    /// <summary>A path step that is one field name with nothing attached: its value is the member's value.</summary>
    public bool IsPlainFieldStep =>
        Type == NodeType.Name && Stages is null && Predicates is null && !Tuple && Focus is null
        && IndexVariable is null && Group is null && !KeepArray && Ancestor is null;
}
