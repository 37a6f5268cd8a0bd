namespace Serverless.Core.Jsonata.Parsing;

/// <summary>
/// Rewrites the raw tree: location paths become step lists, predicates become stages, focus/index
/// bindings mark tuple steps, and each parent reference ('%') is resolved to the step it names.
/// </summary>
internal sealed class AstProcessor
{
    private readonly List<Node> _ancestry = [];
    private int _ancestorLabel;
    private int _ancestorIndex;

    public Node Process(Node expr)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new JsonataException("U1001", "Stack overflow error: expression is nested too deeply", expr.Position);
        }
        Node result;
        switch (expr.Type)
        {
            case NodeType.Binary when expr.Text == ".":
                result = ProcessPathStep(expr);
                break;
            case NodeType.Predicate:
                {
                    result = Process(expr.Lhs!);
                    var step = result;
                    var asStages = false;
                    if (result.Type == NodeType.Path)
                    {
                        step = result.Steps![^1];
                        asStages = true;
                    }
                    if (step.Group is not null)
                    {
                        throw new JsonataException("S0209", "A predicate cannot follow a grouping expression in a step", expr.Position);
                    }
                    var predicate = Process(expr.Rhs!);
                    if (predicate.SeekingParent is not null)
                    {
                        foreach (var slot in predicate.SeekingParent)
                        {
                            if (slot.Level == 1)
                            {
                                SeekParent(step, slot);
                            }
                            else
                            {
                                slot.Level--;
                            }
                        }
                        PushAncestry(step, predicate);
                    }
                    var stage = new Stage { Expr = predicate, Position = expr.Position };
                    if (asStages)
                    {
                        (step.Stages ??= []).Add(stage);
                    }
                    else
                    {
                        (step.Predicates ??= []).Add(stage);
                    }
                    break;
                }
            case NodeType.GroupBy:
                result = Process(expr.Lhs!);
                if (result.Group is not null)
                {
                    throw new JsonataException("S0210", "Each step can only have one grouping expression", expr.Position);
                }
                result.Group = new GroupSpec { Pairs = expr.Pairs!.ConvertAll(p => (Process(p.Key), Process(p.Value))), Position = expr.Position };
                break;
            case NodeType.OrderBy:
                {
                    result = Process(expr.Lhs!);
                    if (result.Type != NodeType.Path)
                    {
                        result = new Node(NodeType.Path, result.Position) { Steps = [result] };
                    }
                    var sortStep = new Node(NodeType.Sort, expr.Position);
                    sortStep.Terms = expr.Terms!.ConvertAll(term =>
                    {
                        var e = Process(term.Expression);
                        PushAncestry(sortStep, e);
                        return new SortTerm(term.Descending, e);
                    });
                    result.Steps!.Add(sortStep);
                    ResolveAncestry(result);
                    break;
                }
            case NodeType.Bind:
                result = new Node(NodeType.Bind, expr.Position) { Text = expr.Text, Lhs = Process(expr.Lhs!), Rhs = Process(expr.Rhs!) };
                PushAncestry(result, result.Rhs!);
                break;
            case NodeType.Focus:
                {
                    result = Process(expr.Lhs!);
                    var step = result.Type == NodeType.Path ? result.Steps![^1] : result;
                    if (step.Stages is not null || step.Predicates is not null)
                    {
                        throw new JsonataException("S0215", "A context variable binding must precede any predicates on a step", expr.Position);
                    }
                    if (step.Type == NodeType.Sort)
                    {
                        throw new JsonataException("S0216", "A context variable binding must precede the 'order-by' clause on a step", expr.Position);
                    }
                    if (expr.KeepArray)
                    {
                        step.KeepArray = true;
                    }
                    step.Focus = expr.Rhs!.Text;
                    step.Tuple = true;
                    break;
                }
            case NodeType.IndexBind:
                {
                    result = Process(expr.Lhs!);
                    var step = result;
                    if (result.Type == NodeType.Path)
                    {
                        step = result.Steps![^1];
                    }
                    else
                    {
                        result = new Node(NodeType.Path, result.Position) { Steps = [result] };
                        if (step.Predicates is not null)
                        {
                            step.Stages = step.Predicates;
                            step.Predicates = null;
                        }
                    }
                    if (step.Stages is null)
                    {
                        step.IndexVariable = expr.Rhs!.Text;
                    }
                    else
                    {
                        step.Stages.Add(new Stage { IsIndex = true, IndexVariable = expr.Rhs!.Text, Position = expr.Position });
                    }
                    step.Tuple = true;
                    break;
                }
            case NodeType.Apply:
                result = new Node(NodeType.Apply, expr.Position) { Text = expr.Text, Lhs = Process(expr.Lhs!), Rhs = Process(expr.Rhs!) };
                result.KeepArray = result.Lhs!.KeepArray || result.Rhs!.KeepArray;
                break;
            case NodeType.Binary:
            case NodeType.Coalesce:
            case NodeType.Elvis:
                result = new Node(expr.Type, expr.Position) { Text = expr.Text, Lhs = Process(expr.Lhs!), Rhs = Process(expr.Rhs!) };
                PushAncestry(result, result.Lhs!);
                PushAncestry(result, result.Rhs!);
                break;
            case NodeType.Unary when expr.Text == "[":
                result = new Node(NodeType.ArrayConstructor, expr.Position) { Text = "[" };
                result.Expressions = expr.Expressions!.ConvertAll(item =>
                {
                    var v = Process(item);
                    PushAncestry(result, v);
                    return v;
                });
                break;
            case NodeType.Unary when expr.Text == "{":
                result = new Node(NodeType.ObjectConstructor, expr.Position) { Text = "{" };
                result.Pairs = expr.Pairs!.ConvertAll(pair =>
                {
                    var k = Process(pair.Key);
                    PushAncestry(result, k);
                    var v = Process(pair.Value);
                    PushAncestry(result, v);
                    return (k, v);
                });
                if (result.Pairs.TrueForAll(p => p.Item1.Type == NodeType.String)
                    && result.Pairs.Select(p => p.Item1.Text).Distinct(StringComparer.Ordinal).Count() == result.Pairs.Count)
                {
                    result.LiteralKeys = result.Pairs.ConvertAll(p => (string)p.Item1.Literal!).ToArray();
                }
                break;
            case NodeType.Unary:
                {
                    var operand = Process(expr.Expression!);
                    if (operand.Type == NodeType.Number)
                    {
                        result = new Node(NodeType.Number, operand.Position) { Literal = -(double)operand.Literal!, Text = "-" + operand.Text };
                    }
                    else
                    {
                        result = new Node(NodeType.Negate, expr.Position) { Text = "-", Expression = operand };
                        PushAncestry(result, operand);
                    }
                    break;
                }
            case NodeType.Function:
            case NodeType.Partial:
                result = new Node(expr.Type, expr.Position) { Text = expr.Text };
                result.Arguments = expr.Arguments!.ConvertAll(arg =>
                {
                    var a = Process(arg);
                    PushAncestry(result, a);
                    return a;
                });
                result.Procedure = Process(expr.Procedure!);
                break;
            case NodeType.Lambda:
                result = new Node(NodeType.Lambda, expr.Position) { Arguments = expr.Arguments, Signature = expr.Signature };
                result.Body = TailCallOptimize(Process(expr.Body!));
                break;
            case NodeType.Condition:
                result = new Node(NodeType.Condition, expr.Position) { Condition = Process(expr.Condition!) };
                PushAncestry(result, result.Condition!);
                result.Then = Process(expr.Then!);
                PushAncestry(result, result.Then);
                if (expr.Else is not null)
                {
                    result.Else = Process(expr.Else);
                    PushAncestry(result, result.Else);
                }
                break;
            case NodeType.Transform:
                result = new Node(NodeType.Transform, expr.Position)
                {
                    Pattern = Process(expr.Pattern!),
                    Update = Process(expr.Update!),
                    Delete = expr.Delete is null ? null : Process(expr.Delete),
                };
                break;
            case NodeType.Block:
                result = new Node(NodeType.Block, expr.Position);
                result.Expressions = expr.Expressions!.ConvertAll(item =>
                {
                    var part = Process(item);
                    PushAncestry(result, part);
                    if (part.ConsArray || (part.Type == NodeType.Path && part.Steps![0].ConsArray))
                    {
                        result.ConsArray = true;
                    }
                    return part;
                });
                break;
            case NodeType.Name:
                result = new Node(NodeType.Path, expr.Position) { Steps = [expr], KeepSingletonArray = expr.KeepArray };
                break;
            case NodeType.Parent:
                result = new Node(NodeType.Parent, expr.Position)
                {
                    Slot = new AncestorSlot { Label = "!" + _ancestorLabel++, Level = 1, Index = _ancestorIndex++ },
                };
                _ancestry.Add(result);
                break;
            case NodeType.Operator:
                if (expr.Text == "?")
                {
                    result = expr;
                    break;
                }
                throw new JsonataException("S0201", $"Syntax error: {expr.Text}", expr.Position, expr.Text);
            default:
                result = expr;
                break;
        }
        if (expr.KeepArray)
        {
            result.KeepArray = true;
        }
        return result;
    }

    private Node ProcessPathStep(Node expr)
    {
        var lstep = Process(expr.Lhs!);
        Node result = lstep.Type == NodeType.Path ? lstep : new Node(NodeType.Path, lstep.Position) { Steps = [lstep] };
        if (lstep.Type == NodeType.Parent)
        {
            result.SeekingParent = [lstep.Slot!];
        }
        var rest = Process(expr.Rhs!);
        if (rest.Type == NodeType.Path)
        {
            result.Steps!.AddRange(rest.Steps!);
        }
        else
        {
            if (rest.Predicates is not null)
            {
                rest.Stages = rest.Predicates;
                rest.Predicates = null;
            }
            result.Steps!.Add(rest);
        }
        foreach (var step in result.Steps!)
        {
            if (step.Type is NodeType.Number or NodeType.Value)
            {
                throw new JsonataException("S0213", $"The literal value {step.Text} cannot be used as a step within a path expression", step.Position, step.Text);
            }
            if (step.Type == NodeType.String)
            {
                step.Type = NodeType.Name;
            }
            if (step.KeepArray)
            {
                result.KeepSingletonArray = true;
            }
        }
        var first = result.Steps[0];
        if (first.Type == NodeType.ArrayConstructor)
        {
            first.ConsArray = true;
        }
        var last = result.Steps[^1];
        if (last.Type == NodeType.ArrayConstructor)
        {
            last.ConsArray = true;
        }
        ResolveAncestry(result);
        return result;
    }

    private static Node TailCallOptimize(Node expr)
    {
        if (expr.Type == NodeType.Function && expr.Predicates is null)
        {
            return new Node(NodeType.Lambda, expr.Position) { Thunk = true, Arguments = [], Body = expr };
        }
        if (expr.Type == NodeType.Condition)
        {
            expr.Then = TailCallOptimize(expr.Then!);
            if (expr.Else is not null)
            {
                expr.Else = TailCallOptimize(expr.Else);
            }
        }
        else if (expr.Type == NodeType.Block && expr.Expressions!.Count > 0)
        {
            expr.Expressions[^1] = TailCallOptimize(expr.Expressions[^1]);
        }
        return expr;
    }

    private AncestorSlot SeekParent(Node node, AncestorSlot slot)
    {
        switch (node.Type)
        {
            case NodeType.Name:
            case NodeType.Wildcard:
                slot.Level--;
                if (slot.Level == 0)
                {
                    if (node.Ancestor is not null)
                    {
                        _ancestry[slot.Index].Slot!.Label = node.Ancestor.Label;
                    }
                    node.Ancestor = slot;
                    node.Tuple = true;
                }
                break;
            case NodeType.Parent:
                slot.Level++;
                break;
            case NodeType.Block:
                if (node.Expressions!.Count > 0)
                {
                    node.Tuple = true;
                    slot = SeekParent(node.Expressions[^1], slot);
                }
                break;
            case NodeType.Path:
                {
                    node.Tuple = true;
                    var index = node.Steps!.Count - 1;
                    slot = SeekParent(node.Steps[index--], slot);
                    while (slot.Level > 0 && index >= 0)
                    {
                        slot = SeekParent(node.Steps[index--], slot);
                    }
                    break;
                }
            default:
                throw new JsonataException("S0217", $"The object representing the 'parent' cannot be derived from this expression", node.Position, node.Type.ToString().ToLowerInvariant());
        }
        return slot;
    }

    private static void PushAncestry(Node result, Node value)
    {
        if (value.SeekingParent is not null || value.Type == NodeType.Parent)
        {
            var slots = value.SeekingParent ?? [];
            if (value.Type == NodeType.Parent)
            {
                slots.Add(value.Slot!);
            }
            if (result.SeekingParent is null)
            {
                result.SeekingParent = slots;
            }
            else
            {
                result.SeekingParent.AddRange(slots);
            }
        }
    }

    private void ResolveAncestry(Node path)
    {
        var steps = path.Steps!;
        var last = steps[^1];
        var slots = last.SeekingParent ?? [];
        if (last.Type == NodeType.Parent)
        {
            slots.Add(last.Slot!);
        }
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            var index = steps.Count - 2;
            while (slot.Level > 0)
            {
                if (index < 0)
                {
                    (path.SeekingParent ??= []).Add(slot);
                    break;
                }
                var step = steps[index--];
                while (index >= 0 && step.Focus is not null && steps[index].Focus is not null)
                {
                    step = steps[index--];
                }
                slot = SeekParent(step, slot);
            }
        }
    }
}
