using Serverless.Core.Jsonata.Functions;
using Serverless.Core.Jsonata.Parsing;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Evaluation;

internal sealed partial class Evaluator
{
    private static string? ProcedureName(Node procedure) =>
        procedure.Type == NodeType.Path ? procedure.Steps![0].Text : procedure.Text;

    private object? EvaluateFunction(Node expr, object? input, Frame env, object? applyTo, bool hasApplyTo)
    {
        var proc = Evaluate(expr.Procedure!, input, env);
        if (proc is null && expr.Procedure!.Type == NodeType.Path && env.Lookup(expr.Procedure.Steps![0].Text!) is not null)
        {
            throw new JsonataException("T1005", $"Attempted to invoke a non-function. Did you mean ${expr.Procedure.Steps[0].Text}?", expr.Position, expr.Procedure.Steps[0].Text);
        }
        object?[] args;
        if (proc is NativeFunction { OnText: { } onText } && !hasApplyTo && expr.Arguments!.Count == 1)
        {
            if (TryApplyToText(onText, expr.Arguments[0], input, env, out var result, out var argument))
            {
                return result;
            }
            args = [argument];
        }
        else
        {
            args = new object?[expr.Arguments!.Count + (hasApplyTo ? 1 : 0)];
            var k = 0;
            if (hasApplyTo)
            {
                args[k++] = applyTo;
            }
            foreach (var arg in expr.Arguments)
            {
                args[k++] = Evaluate(arg, input, env);
            }
        }
        try
        {
            return Apply(proc, args, input, env);
        }
        catch (JsonataException e) when (e.Code[0] != 'U')
        {
            if (!e.PositionSet)
            {
                e.Position = expr.Position;
                e.PositionSet = true;
            }
            e.Token ??= ProcedureName(expr.Procedure!);
            throw;
        }
    }

    /// <summary>Applies a function with tail-call trampolining.</summary>
    internal object? Apply(object? proc, object?[] args, object? input, Frame env)
    {
        var result = ApplyInner(proc, args, input, env);
        while (result is LambdaFunction { Definition.Thunk: true } thunk)
        {
            var body = thunk.Definition.Body!;
            var next = Evaluate(body.Procedure!, thunk.Input, thunk.Environment);
            var nextArgs = new object?[body.Arguments!.Count];
            for (var i = 0; i < nextArgs.Length; i++)
            {
                nextArgs[i] = Evaluate(body.Arguments[i], thunk.Input, thunk.Environment);
            }
            try
            {
                result = ApplyInner(next, nextArgs, input, env);
            }
            catch (JsonataException e) when (e.Code[0] != 'U')
            {
                if (!e.PositionSet)
                {
                    e.Position = body.Position;
                    e.PositionSet = true;
                }
                e.Token ??= ProcedureName(body.Procedure!);
                throw;
            }
        }
        return result;
    }

    private object? ApplyInner(object? proc, object?[] args, object? input, Frame env)
    {
        switch (proc)
        {
            case LambdaFunction lambda:
                {
                    var validated = lambda.Signature is null ? args : lambda.Signature.Validate(args, input);
                    var frame = new Frame(lambda.Environment);
                    var parameters = lambda.Parameters;
                    for (var i = 0; i < parameters.Count; i++)
                    {
                        frame.Bind(parameters[i].Text!, i < validated.Length ? validated[i] : null);
                    }
                    return Evaluate(lambda.Definition.Body!, lambda.Input, frame);
                }
            case NativeFunction native:
                {
                    var validated = native.NativeSignature is null ? args : native.NativeSignature.Validate(args, input);
                    return native.Body(new JsonataCallContext(this, input, env), validated);
                }
            case PartialFunction partial:
                {
                    var full = new object?[partial.Arguments.Length];
                    var j = 0;
                    for (var i = 0; i < full.Length; i++)
                    {
                        full[i] = ReferenceEquals(partial.Arguments[i], PartialFunction.Hole)
                            ? (j < args.Length ? args[j++] : null)
                            : partial.Arguments[i];
                    }
                    return Apply(partial.Target, full, input, env);
                }
            case RegexFunction regex:
                return BuiltinFunctions.RegexMatch(regex, args.Length > 0 ? args[0] as string : null, 0);
            default:
                throw new JsonataException("T1006", "Attempted to invoke a non-function", null);
        }
    }

    private object? EvaluatePartial(Node expr, object? input, Frame env)
    {
        var args = new object?[expr.Arguments!.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var arg = expr.Arguments[i];
            args[i] = arg.Type == NodeType.Operator && arg.Text == "?" ? PartialFunction.Hole : Evaluate(arg, input, env);
        }
        var proc = Evaluate(expr.Procedure!, input, env);
        if (proc is null && expr.Procedure!.Type == NodeType.Path && env.Lookup(expr.Procedure.Steps![0].Text!) is not null)
        {
            throw new JsonataException("T1007", $"Attempted to partially apply a non-function. Did you mean ${expr.Procedure.Steps[0].Text}?", expr.Position, expr.Procedure.Steps[0].Text);
        }
        if (proc is JsonataFunction f and not RegexFunction)
        {
            return new PartialFunction { Target = f, Arguments = args };
        }
        throw new JsonataException("T1008", "Attempted to partially apply a non-function", expr.Position, ProcedureName(expr.Procedure!));
    }

    private static readonly Node ChainBody = BuildChain();

    private static Node BuildChain()
    {
        // λ($f, $g) { λ($x){ $g($f($x)) } }
        var ast = Parser.Parse("function($f, $g) { function($x){ $g($f($x)) } }");
        return ast;
    }

    private object? EvaluateApply(Node expr, object? input, Frame env)
    {
        var lhs = Evaluate(expr.Lhs!, input, env);
        if (expr.Rhs!.Type == NodeType.Function)
        {
            return EvaluateFunction(expr.Rhs, input, env, lhs, true);
        }
        var func = Evaluate(expr.Rhs, input, env);
        if (func is not JsonataFunction)
        {
            throw new JsonataException("T2006", "The right side of the function application operator ~> must be a function", expr.Position, "~>") { Value = func };
        }
        if (lhs is JsonataFunction)
        {
            var chain = Evaluate(ChainBody, null, env);
            return Apply(chain, [lhs, func], null, env);
        }
        return Apply(func, [lhs], null, env);
    }

    private NativeFunction CreateTransformer(Node expr, Frame env)
    {
        return new NativeFunction("transform", "<(oa):o>", 1, (ctx, args) =>
        {
            var obj = args[0];
            if (obj is null)
            {
                return null;
            }
            var cloneFn = env.Lookup("clone");
            if (cloneFn is not JsonataFunction)
            {
                throw new JsonataException("T2013", "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.", expr.Position);
            }
            var result = Apply(cloneFn, [obj], null, env);
            var matches = Evaluate(expr.Pattern!, result, env);
            if (matches is null)
            {
                return result;
            }
            var list = matches as JsonataArray ?? JsonataArray.Sequence(matches);
            foreach (var match in list)
            {
                var update = Evaluate(expr.Update!, match, env);
                if (update is not null)
                {
                    if (update is not JsonataObject uo)
                    {
                        throw new JsonataException("T2011", $"The insert/update clause of the transform expression must evaluate to an object: {Describe(update)}", expr.Update!.Position) { Value = update };
                    }
                    if (match is JsonataObject mo)
                    {
                        foreach (var kv in uo)
                        {
                            mo[kv.Key] = kv.Value;
                        }
                    }
                }
                if (expr.Delete is not null)
                {
                    var deletions = Evaluate(expr.Delete, match, env);
                    if (deletions is not null)
                    {
                        var val = deletions;
                        var dl = deletions as JsonataArray ?? JsonataArray.Sequence(deletions);
                        if (!ValueSemantics.IsArrayOfStrings(dl))
                        {
                            throw new JsonataException("T2012", $"The delete clause of the transform expression must evaluate to a string or array of strings: {Describe(val)}", expr.Delete.Position) { Value = val };
                        }
                        if (match is JsonataObject mo)
                        {
                            foreach (var key in dl)
                            {
                                mo.Remove((string)key!);
                            }
                        }
                    }
                }
            }
            return result;
        });
    }

    private JsonataArray EvaluateSort(Node expr, JsonataArray input, Frame env)
    {
        var isTupleSort = input.IsTupleStream;
        if (input.Count <= 1)
        {
            return input;
        }
        // Evaluate each term once per item, then merge-sort on the precomputed keys.
        var terms = expr.Terms!;
        var keys = new object?[input.Count][];
        for (var i = 0; i < input.Count; i++)
        {
            var item = input[i];
            var context = item;
            var frame = env;
            if (isTupleSort)
            {
                var t = (TupleBinding)item!;
                context = t.GetValueOrDefault("@");
                frame = FrameFromTuple(env, t);
            }
            var k = new object?[terms.Count];
            for (var j = 0; j < terms.Count; j++)
            {
                k[j] = Evaluate(terms[j].Expression, context, frame);
            }
            keys[i] = k;
        }
        var order = new int[input.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var sorted = BuiltinFunctions.MergeSort(order, (a, b) =>
        {
            for (var j = 0; j < terms.Count; j++)
            {
                var aa = keys[a][j];
                var bb = keys[b][j];
                int comp;
                if (aa is null)
                {
                    comp = bb is null ? 0 : 1;
                    if (comp == 0)
                    {
                        continue;
                    }
                    return comp == 1;
                }
                if (bb is null)
                {
                    return false;
                }
                if (aa is not (string or double) || bb is not (string or double))
                {
                    throw new JsonataException("T2008", "The expressions within an order-by clause must evaluate to numeric or string values", expr.Position) { Value = aa is not (string or double) ? aa : bb };
                }
                if (aa is double da && bb is double db)
                {
                    comp = da.CompareTo(db);
                }
                else if (aa is string sa && bb is string sb)
                {
                    comp = Math.Sign(string.CompareOrdinal(sa, sb));
                }
                else
                {
                    throw new JsonataException("T2007", $"Type mismatch within order-by clause. All values must be of the same type", expr.Position) { Value = aa };
                }
                if (comp == 0)
                {
                    continue;
                }
                if (terms[j].Descending)
                {
                    comp = -comp;
                }
                return comp == 1;
            }
            return false;
        });
        var result = new JsonataArray(input.Count) { IsSequence = true, IsTupleStream = isTupleSort };
        foreach (var i in sorted)
        {
            result.Add(input[i]);
        }
        return result;
    }
}
