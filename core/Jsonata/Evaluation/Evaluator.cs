using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Serverless.Core.Jsonata.Parsing;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Evaluation;

/// <summary>
/// Evaluates a processed syntax tree. One instance per evaluation: it carries the limits
/// (deadline, depth) and the evaluation timestamp used by $now/$millis.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly long _deadline;
    private readonly int _maxDepth;
    private int _depth;
    private int _tick;

    public Evaluator(JsonataFunctionRegistry functions, TimeSpan timeLimit, int maxDepth)
    {
        Functions = functions;
        _deadline = timeLimit == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
        _maxDepth = maxDepth;
        Now = DateTimeOffset.UtcNow;
    }

    public JsonataFunctionRegistry Functions { get; }

    public DateTimeOffset Now { get; }

    public object? Evaluate(Node expr, object? input, Frame env)
    {
        EnterNode(expr);
        if ((++_tick & 63) == 0 && Stopwatch.GetTimestamp() > _deadline)
        {
            throw new JsonataException("U1001", "Expression evaluation timeout: Check for infinite loop", expr.Position);
        }
        try
        {
            var result = EvaluateCore(expr, input, env);
            if (expr.Predicates is not null)
            {
                foreach (var p in expr.Predicates)
                {
                    result = EvaluateFilter(p.Expr!, result, env);
                }
            }
            if (expr.Type != NodeType.Path && expr.Group is not null)
            {
                result = EvaluateGroup(expr.Group.Pairs, expr.Group.Position, result, env);
            }
            if (result is JsonataArray seq && seq.IsSequence && !seq.IsTupleStream)
            {
                if (expr.KeepArray)
                {
                    seq.KeepSingleton = true;
                }
                if (seq.Count == 0)
                {
                    return null;
                }
                if (seq.Count == 1 && !seq.KeepSingleton)
                {
                    return seq[0];
                }
            }
            return result;
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Counts one more level of nesting; every evaluation of a node passes here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnterNode(Node expr)
    {
        if (++_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            ThrowStackOverflow(expr);
        }
    }

    [DoesNotReturn]
    private void ThrowStackOverflow(Node expr)
    {
        _depth--;
        throw new JsonataException("U1001", "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.", expr.Position);
    }

    private void CheckDeadline(int position)
    {
        if (Stopwatch.GetTimestamp() > _deadline)
        {
            throw new JsonataException("U1001", "Expression evaluation timeout: Check for infinite loop", position);
        }
    }

    private object? EvaluateCore(Node expr, object? input, Frame env)
    {
        switch (expr.Type)
        {
            case NodeType.Path: return EvaluatePath(expr, input, env);
            case NodeType.Binary: return EvaluateBinary(expr, input, env);
            case NodeType.Negate:
                {
                    var v = Evaluate(expr.Expression!, input, env);
                    if (v is null)
                    {
                        return null;
                    }
                    if (v is double d)
                    {
                        return -d;
                    }
                    throw new JsonataException("D1002", "Cannot negate a non-numeric value", expr.Position, "-") { Value = v };
                }
            case NodeType.ArrayConstructor: return EvaluateArray(expr, input, env);
            case NodeType.ObjectConstructor:
                return expr.LiteralKeys is not null && input is not JsonataArray
                    ? EvaluateLiteralObject(expr, input, env)
                    : EvaluateGroup(expr.Pairs!, expr.Position, input, env);
            case NodeType.Name: return Lookup(input, expr.Text!);
            case NodeType.String:
            case NodeType.Number:
            case NodeType.Value:
                return expr.Literal;
            case NodeType.Wildcard: return EvaluateWildcard(input);
            case NodeType.Descendant: return EvaluateDescendants(input);
            case NodeType.Parent: return env.Lookup(expr.Slot!.Label);
            case NodeType.Condition:
                {
                    var c = Evaluate(expr.Condition!, input, env);
                    if (ValueSemantics.IsTruthy(c))
                    {
                        return Evaluate(expr.Then!, input, env);
                    }
                    return expr.Else is null ? null : Evaluate(expr.Else, input, env);
                }
            case NodeType.Elvis:
                {
                    var l = Evaluate(expr.Lhs!, input, env);
                    return ValueSemantics.IsTruthy(l) ? l : Evaluate(expr.Rhs!, input, env);
                }
            case NodeType.Coalesce:
                {
                    var l = Evaluate(expr.Lhs!, input, env);
                    return l is not null ? l : Evaluate(expr.Rhs!, input, env);
                }
            case NodeType.Block:
                {
                    var frame = new Frame(env);
                    object? result = null;
                    foreach (var e in expr.Expressions!)
                    {
                        result = Evaluate(e, input, frame);
                    }
                    return result;
                }
            case NodeType.Bind:
                {
                    var value = Evaluate(expr.Rhs!, input, env);
                    env.Bind(expr.Lhs!.Text!, value);
                    return value;
                }
            case NodeType.Regex:
                return new RegexFunction { Regex = expr.CompiledRegex!, Source = expr.Text!, Position = expr.Position };
            case NodeType.Function: return EvaluateFunction(expr, input, env, null, false);
            case NodeType.Variable:
                if (expr.Text!.Length == 0)
                {
                    return input is JsonataArray { IsOuterWrapper: true } w ? w[0] : input;
                }
                return env.Lookup(expr.Text);
            case NodeType.Lambda:
                return new LambdaFunction { Definition = expr, Input = input, Environment = env, Parameters = expr.Arguments! };
            case NodeType.Partial: return EvaluatePartial(expr, input, env);
            case NodeType.Apply: return EvaluateApply(expr, input, env);
            case NodeType.Transform: return CreateTransformer(expr, env);
            case NodeType.Sort:
                return EvaluateSort(expr, input is JsonataArray a ? a : JsonataArray.Sequence(input), env);
            case NodeType.Operator:
                throw new JsonataException("S0201", $"Syntax error: {expr.Text}", expr.Position, expr.Text);
            default:
                throw new JsonataException("S0201", $"Unsupported expression", expr.Position);
        }
    }

    // ---------------------------------------------------------------- paths

    private object? EvaluatePath(Node expr, object? input, Frame env)
    {
        var steps = expr.Steps!;
        if (input is not JsonataArray && expr.IsPlainName)
        {
            // Single field lookup on one item: same result as the general path machinery, without the sequences.
            var value = input is JsonataObject obj && obj.TryGetValue(steps[0].Text!, out var v) ? v : null;
            if (value is not JsonataArray { IsSequence: true })
            {
                return value;
            }
        }
        JsonataArray inputSequence;
        if (input is JsonataArray arr && steps[0].Type != NodeType.Variable)
        {
            inputSequence = arr;
        }
        else
        {
            inputSequence = JsonataArray.Sequence(input);
        }
        object? resultSequence = null;
        var isTupleStream = false;
        JsonataArray? tupleBindings = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Tuple)
            {
                isTupleStream = true;
            }
            if (i == 0 && step.ConsArray)
            {
                resultSequence = Evaluate(step, inputSequence, env);
            }
            else if (isTupleStream)
            {
                tupleBindings = EvaluateTupleStep(step, inputSequence, tupleBindings, env);
            }
            else if (i + 1 < steps.Count && TryEvaluateOverInputArrays(step, steps[i + 1], inputSequence, env, i + 2 == steps.Count, out var overInput))
            {
                // Two steps at once (the field, then what is applied to each of its items).
                resultSequence = overInput;
                step = steps[++i];
            }
            else
            {
                resultSequence = EvaluateStep(step, inputSequence, env, i == steps.Count - 1);
            }
            if (!isTupleStream && (resultSequence is null || resultSequence is JsonataArray { Count: 0 }))
            {
                break;
            }
            if (step.Focus is null)
            {
                inputSequence = resultSequence as JsonataArray ?? JsonataArray.Sequence(resultSequence);
            }
        }
        if (isTupleStream)
        {
            if (expr.Tuple)
            {
                resultSequence = tupleBindings;
            }
            else
            {
                var rs = JsonataArray.Sequence();
                if (tupleBindings is not null)
                {
                    foreach (var t in tupleBindings)
                    {
                        rs.Add(((TupleBinding)t!).GetValueOrDefault("@"));
                    }
                }
                resultSequence = rs;
            }
        }
        if (expr.KeepSingletonArray)
        {
            if (resultSequence is JsonataArray { IsConstructed: true, IsSequence: false } cons)
            {
                var wrapped = JsonataArray.Sequence();
                wrapped.Add(cons);
                resultSequence = wrapped;
            }
            if (resultSequence is JsonataArray ra)
            {
                ra.KeepSingleton = true;
            }
            else if (resultSequence is not null)
            {
                var wrapped = JsonataArray.Sequence();
                wrapped.Add(resultSequence);
                wrapped.KeepSingleton = true;
                resultSequence = wrapped;
            }
        }
        if (expr.Group is not null)
        {
            resultSequence = EvaluateGroup(expr.Group.Pairs, expr.Group.Position, isTupleStream ? tupleBindings : resultSequence, env);
        }
        return resultSequence;
    }

    private object? EvaluateStep(Node step, JsonataArray input, Frame env, bool lastStep)
    {
        if (step.Type == NodeType.Sort)
        {
            var sorted = EvaluateSort(step, input, env);
            if (step.Stages is not null)
            {
                sorted = EvaluateStages(step.Stages, sorted, env);
            }
            return sorted;
        }
        var results = new ItemCollector(input.Count);
        try
        {
            for (var i = 0; i < input.Count; i++)
            {
                results.Add(EvaluateStepItem(step, input[i], env));
            }
            return results.ToStepResult(lastStep);
        }
        finally
        {
            results.Dispose();
        }
    }

    private object? EvaluateStepItem(Node step, object? item, Frame env)
    {
        var res = Evaluate(step, item, env);
        if (step.Stages is not null)
        {
            foreach (var stage in step.Stages)
            {
                res = EvaluateFilter(stage.Expr!, res, env);
            }
        }
        return res;
    }

    private JsonataArray EvaluateStages(List<Stage> stages, JsonataArray input, Frame env)
    {
        var result = input;
        foreach (var stage in stages)
        {
            if (stage.IsIndex)
            {
                for (var i = 0; i < result.Count; i++)
                {
                    ((TupleBinding)result[i]!)[stage.IndexVariable!] = (double)i;
                }
            }
            else
            {
                var filtered = EvaluateFilter(stage.Expr!, result, env);
                result = filtered as JsonataArray ?? JsonataArray.Sequence(filtered);
            }
        }
        return result;
    }

    private JsonataArray EvaluateTupleStep(Node step, JsonataArray input, JsonataArray? tupleBindings, Frame env)
    {
        JsonataArray result;
        if (step.Type == NodeType.Sort)
        {
            if (tupleBindings is not null)
            {
                result = EvaluateSort(step, tupleBindings, env);
            }
            else
            {
                var sorted = EvaluateSort(step, input, env);
                result = JsonataArray.Sequence();
                result.IsTupleStream = true;
                for (var i = 0; i < sorted.Count; i++)
                {
                    var t = new TupleBinding { ["@"] = sorted[i] };
                    if (step.IndexVariable is not null)
                    {
                        t[step.IndexVariable] = (double)i;
                    }
                    result.Add(t);
                }
            }
            if (step.Stages is not null)
            {
                result = EvaluateStages(step.Stages, result, env);
            }
            return result;
        }
        result = JsonataArray.Sequence();
        result.IsTupleStream = true;
        if (tupleBindings is null)
        {
            tupleBindings = new JsonataArray(input.Count);
            foreach (var item in input)
            {
                tupleBindings.Add(new TupleBinding { ["@"] = item });
            }
        }
        foreach (var tupleItem in tupleBindings)
        {
            var tuple = (TupleBinding)tupleItem!;
            var stepEnv = FrameFromTuple(env, tuple);
            var res = Evaluate(step, tuple.GetValueOrDefault("@"), stepEnv);
            if (res is null)
            {
                continue;
            }
            var resArr = res as JsonataArray;
            var count = resArr?.Count ?? 1;
            for (var b = 0; b < count; b++)
            {
                var item = resArr is null ? res : resArr[b];
                var nt = new TupleBinding(tuple);
                if (resArr is { IsTupleStream: true })
                {
                    foreach (var kv in (TupleBinding)item!)
                    {
                        nt[kv.Key] = kv.Value;
                    }
                }
                else
                {
                    if (step.Focus is not null)
                    {
                        nt[step.Focus] = item;
                        nt["@"] = tuple.GetValueOrDefault("@");
                    }
                    else
                    {
                        nt["@"] = item;
                    }
                    if (step.IndexVariable is not null)
                    {
                        nt[step.IndexVariable] = (double)b;
                    }
                    if (step.Ancestor is not null)
                    {
                        nt[step.Ancestor.Label] = tuple.GetValueOrDefault("@");
                    }
                }
                result.Add(nt);
            }
        }
        if (step.Stages is not null)
        {
            result = EvaluateStages(step.Stages, result, env);
        }
        return result;
    }

    private static Frame FrameFromTuple(Frame env, TupleBinding tuple)
    {
        var frame = new Frame(env);
        foreach (var kv in tuple)
        {
            frame.Bind(kv.Key, kv.Value);
        }
        return frame;
    }

    private object? EvaluateFilter(Node predicate, object? input, Frame env)
    {
        var results = JsonataArray.Sequence();
        var inputArr = input as JsonataArray;
        if (inputArr is { IsTupleStream: true })
        {
            results.IsTupleStream = true;
        }
        inputArr ??= JsonataArray.Sequence(input);
        if (predicate.Type == NodeType.Number)
        {
            var index = (int)Math.Floor((double)predicate.Literal!);
            if (index < 0)
            {
                index = inputArr.Count + index;
            }
            if (index >= 0 && index < inputArr.Count && inputArr[index] is not null)
            {
                var item = inputArr[index];
                if (item is JsonataArray ia)
                {
                    return ia;
                }
                results.Add(item);
            }
            return results;
        }
        for (var index = 0; index < inputArr.Count; index++)
        {
            var item = inputArr[index];
            if (item is null)
            {
                continue;
            }
            var context = item;
            var frame = env;
            if (inputArr.IsTupleStream)
            {
                var t = (TupleBinding)item!;
                context = t.GetValueOrDefault("@");
                frame = FrameFromTuple(env, t);
            }
            var res = Evaluate(predicate, context, frame);
            if (res is double d)
            {
                var ii = (int)Math.Floor(d);
                if (ii < 0)
                {
                    ii = inputArr.Count + ii;
                }
                if (ii == index)
                {
                    results.Add(item);
                }
            }
            else if (res is JsonataArray ra && ra.Count > 0 && ValueSemantics.IsArrayOfNumbers(ra))
            {
                foreach (var nItem in ra)
                {
                    var n = (double)nItem!;
                    var ii = (int)Math.Floor(n);
                    if (ii < 0)
                    {
                        ii = inputArr.Count + ii;
                    }
                    if (ii == index)
                    {
                        results.Add(item);
                    }
                }
            }
            else if (ValueSemantics.IsTruthy(res))
            {
                results.Add(item);
            }
        }
        return results;
    }

    internal static object? Lookup(object? input, string key)
    {
        if (input is JsonataObject obj)
        {
            return obj.TryGetValue(key, out var v) ? v : null;
        }
        if (input is JsonataArray arr)
        {
            var result = JsonataArray.Sequence();
            foreach (var item in arr)
            {
                var res = Lookup(item, key);
                if (res is JsonataArray ra)
                {
                    result.AddRange(ra);
                }
                else if (res is not null)
                {
                    result.Add(res);
                }
            }
            return result;
        }
        return null;
    }

    private static object? EvaluateWildcard(object? input)
    {
        var results = JsonataArray.Sequence();
        if (input is JsonataArray { IsOuterWrapper: true, Count: > 0 } w)
        {
            input = w[0];
        }
        IEnumerable<object?>? values = input switch
        {
            JsonataObject o => o.Values,
            JsonataArray arr => arr,
            _ => null,
        };
        if (values is not null)
        {
            foreach (var value in values)
            {
                if (value is JsonataArray a)
                {
                    var flat = new JsonataArray();
                    Flatten(a, flat);
                    var appended = new JsonataArray(results);
                    appended.AddRange(flat);
                    results = appended;
                }
                else
                {
                    results.Add(value);
                }
            }
        }
        return results;
    }

    private static void Flatten(object? arg, JsonataArray into)
    {
        if (arg is JsonataArray a)
        {
            foreach (var item in a)
            {
                Flatten(item, into);
            }
        }
        else
        {
            into.Add(arg);
        }
    }

    private static object? EvaluateDescendants(object? input)
    {
        if (input is null)
        {
            return null;
        }
        var results = JsonataArray.Sequence();
        RecurseDescendants(input, results);
        return results.Count == 1 ? results[0] : results;
    }

    private static void RecurseDescendants(object? input, JsonataArray results)
    {
        if (input is JsonataArray a)
        {
            foreach (var m in a)
            {
                RecurseDescendants(m, results);
            }
            return;
        }
        results.Add(input);
        if (input is JsonataObject o)
        {
            foreach (var kv in o)
            {
                RecurseDescendants(kv.Value, results);
            }
        }
    }

    private object? EvaluateArray(Node expr, object? input, Frame env)
    {
        var result = new JsonataArray(expr.Expressions!.Count);
        foreach (var item in expr.Expressions)
        {
            var value = Evaluate(item, input, env);
            if (value is null)
            {
                continue;
            }
            if (item.Type == NodeType.ArrayConstructor)
            {
                result.Add(value);
            }
            else if (value is JsonataArray va)
            {
                result.AddRange(va);
            }
            else
            {
                result.Add(value);
            }
        }
        if (expr.ConsArray)
        {
            result.IsConstructed = true;
        }
        return result;
    }

    private JsonataObject EvaluateLiteralObject(Node expr, object? input, Frame env)
    {
        var pairs = expr.Pairs!;
        var keys = expr.LiteralKeys!;
        var values = new object?[keys.Length];
        var defined = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if ((values[i] = Evaluate(pairs[i].Value, input, env)) is not null)
            {
                defined++;
            }
        }
        if (defined == values.Length)
        {
            // The usual case: every member defined, so the object can share the constructor's keys.
            return JsonataObject.FromLiteralKeys(keys, values);
        }
        var result = new JsonataObject(defined);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not null)
            {
                result[keys[i]] = values[i];
            }
        }
        return result;
    }

    private object? EvaluateGroup(List<(Node Key, Node Value)> pairs, int position, object? input, Frame env)
    {
        var result = new JsonataObject(pairs.Count);
        var reduce = input is JsonataArray { IsTupleStream: true };
        var inputArr = input as JsonataArray ?? JsonataArray.Sequence(input);
        if (inputArr.Count == 0)
        {
            inputArr = new JsonataArray { null };
        }
        if (inputArr.Count == 1 && !reduce)
        {
            // Fast path: one context item, every key maps to its own value expression.
            var item = inputArr[0];
            Dictionary<string, int>? seen = null;
            for (var p = 0; p < pairs.Count; p++)
            {
                var key = Evaluate(pairs[p].Key, item, env);
                if (key is null)
                {
                    continue;
                }
                if (key is not string ks)
                {
                    throw new JsonataException("T1003", $"Key in object structure must evaluate to a string; got: {Describe(key)}", position) { Value = key };
                }
                seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
                if (seen.TryGetValue(ks, out var existing))
                {
                    if (existing != p)
                    {
                        throw new JsonataException("D1009", $"Multiple key definitions evaluate to same key: {ks}", position) { Value = ks };
                    }
                    continue;
                }
                seen[ks] = p;
                result.Remove(ks);
                var value = Evaluate(pairs[p].Value, item, env);
                if (value is not null)
                {
                    result[ks] = value;
                }
            }
            return result;
        }
        var groups = new OrderedDictionary<string, (object? Data, int ExprIndex)>(StringComparer.Ordinal);
        foreach (var item in inputArr)
        {
            var tupleItem = reduce ? item as TupleBinding : null;
            var frame = tupleItem is not null ? FrameFromTuple(env, tupleItem) : env;
            var context = tupleItem is not null ? tupleItem.GetValueOrDefault("@") : reduce ? null : item;
            for (var p = 0; p < pairs.Count; p++)
            {
                var key = Evaluate(pairs[p].Key, context, frame);
                if (key is null)
                {
                    continue;
                }
                if (key is not string ks)
                {
                    throw new JsonataException("T1003", $"Key in object structure must evaluate to a string; got: {Describe(key)}", position) { Value = key };
                }
                if (groups.TryGetValue(ks, out var entry))
                {
                    if (entry.ExprIndex != p)
                    {
                        throw new JsonataException("D1009", $"Multiple key definitions evaluate to same key: {ks}", position) { Value = ks };
                    }
                    groups[ks] = (Append(entry.Data, item), p);
                }
                else
                {
                    groups[ks] = (item, p);
                }
            }
        }
        foreach (var kv in groups)
        {
            var context = kv.Value.Data;
            var frame = env;
            if (reduce && context is not null)
            {
                var tuple = ReduceTupleStream(context);
                context = tuple.GetValueOrDefault("@");
                tuple.Remove("@");
                frame = FrameFromTuple(env, tuple);
            }
            var value = Evaluate(pairs[kv.Value.ExprIndex].Value, context, frame);
            if (value is not null)
            {
                result[kv.Key] = value;
            }
        }
        return result;
    }

    private static TupleBinding ReduceTupleStream(object? stream)
    {
        if (stream is TupleBinding single)
        {
            return new TupleBinding(single);
        }
        var arr = (JsonataArray)stream!;
        var result = new TupleBinding((TupleBinding)arr[0]!);
        for (var i = 1; i < arr.Count; i++)
        {
            foreach (var kv in (TupleBinding)arr[i]!)
            {
                result[kv.Key] = Append(result.GetValueOrDefault(kv.Key), kv.Value);
            }
        }
        return result;
    }

    /// <summary>The reference's fn.append: concatenation that yields a plain (non-sequence) array.</summary>
    internal static object? Append(object? a, object? b)
    {
        if (a is null)
        {
            return b;
        }
        if (b is null)
        {
            return a;
        }
        var result = new JsonataArray();
        if (a is JsonataArray aa)
        {
            result.AddRange(aa);
        }
        else
        {
            result.Add(a);
        }
        if (b is JsonataArray ba)
        {
            result.AddRange(ba);
        }
        else
        {
            result.Add(b);
        }
        return result;
    }

    internal static string Describe(object? value) =>
        value is string s ? s : JsonValueWriter.Stringify(value, false, false);

    // ---------------------------------------------------------------- operators

    private object? EvaluateBinary(Node expr, object? input, Frame env)
    {
        var op = expr.Text!;
        if (op == "&")
        {
            return EvaluateConcatenation(expr, input, env);
        }
        try
        {
            switch (op)
            {
                case "and":
                    {
                        var l = Evaluate(expr.Lhs!, input, env);
                        if (!ValueSemantics.IsTruthy(l))
                        {
                            return BoxedBool.False;
                        }
                        return BoxedBool.Of(ValueSemantics.IsTruthy(Evaluate(expr.Rhs!, input, env)));
                    }
                case "or":
                    {
                        var l = Evaluate(expr.Lhs!, input, env);
                        if (ValueSemantics.IsTruthy(l))
                        {
                            return BoxedBool.True;
                        }
                        return BoxedBool.Of(ValueSemantics.IsTruthy(Evaluate(expr.Rhs!, input, env)));
                    }
            }
            var lhs = Evaluate(expr.Lhs!, input, env);
            var rhs = Evaluate(expr.Rhs!, input, env);
            switch (op)
            {
                case "+" or "-" or "*" or "/" or "%":
                    {
                        if (lhs is not null && lhs is not double)
                        {
                            throw new JsonataException("T2001", $"The left side of the {op} operator must evaluate to a number", expr.Position, op) { Value = lhs };
                        }
                        if (rhs is not null && rhs is not double)
                        {
                            throw new JsonataException("T2002", $"The right side of the {op} operator must evaluate to a number", expr.Position, op) { Value = rhs };
                        }
                        if (lhs is double ld0 && !double.IsFinite(ld0) || rhs is double rd0 && !double.IsFinite(rd0))
                        {
                            throw new JsonataException("D1001", "Number out of range", expr.Position, op) { Value = lhs is double ld1 && !double.IsFinite(ld1) ? lhs : rhs };
                        }
                        if (lhs is null || rhs is null)
                        {
                            return null;
                        }
                        var a = (double)lhs;
                        var b = (double)rhs;
                        var r = op switch
                        {
                            "+" => a + b,
                            "-" => a - b,
                            "*" => a * b,
                            "/" => a / b,
                            _ => a % b,
                        };
                        return BoxedNumber.Of(r);
                    }
                case "=":
                    return BoxedBool.Of(lhs is not null && rhs is not null && ValueSemantics.DeepEquals(lhs, rhs));
                case "!=":
                    return BoxedBool.Of(lhs is not null && rhs is not null && !ValueSemantics.DeepEquals(lhs, rhs));
                case "<" or "<=" or ">" or ">=":
                    {
                        var lc = lhs is null or string or double;
                        var rc = rhs is null or string or double;
                        if (!lc || !rc)
                        {
                            throw new JsonataException("T2010", $"The expressions either side of operator \"{op}\" must evaluate to numeric or string values", expr.Position, op)
                            { Value = lhs is not (string or double) ? lhs : rhs };
                        }
                        if (lhs is null || rhs is null)
                        {
                            return null;
                        }
                        int cmp;
                        if (lhs is double ld && rhs is double rd)
                        {
                            cmp = ld < rd ? -1 : ld > rd ? 1 : 0;
                        }
                        else if (lhs is string ls && rhs is string rs)
                        {
                            cmp = string.CompareOrdinal(ls, rs);
                        }
                        else
                        {
                            throw new JsonataException("T2009", $"The values {Describe(lhs)} and {Describe(rhs)} either side of operator \"{op}\" must be of the same data type", expr.Position, op) { Value = lhs };
                        }
                        return BoxedBool.Of(op switch { "<" => cmp < 0, "<=" => cmp <= 0, ">" => cmp > 0, _ => cmp >= 0 });
                    }
                case "in":
                    {
                        if (lhs is null || rhs is null)
                        {
                            return BoxedBool.False;
                        }
                        if (rhs is JsonataArray ra)
                        {
                            foreach (var item in ra)
                            {
                                if (ValueSemantics.DeepEquals(item, lhs))
                                {
                                    return BoxedBool.True;
                                }
                            }
                            return BoxedBool.False;
                        }
                        return BoxedBool.Of(ValueSemantics.DeepEquals(rhs, lhs));
                    }
                case "..":
                    {
                        if (lhs is not null && (lhs is not double ld || ld != Math.Floor(ld)))
                        {
                            throw new JsonataException("T2003", "The left side of the range operator (..) must evaluate to an integer", expr.Position, op) { Value = lhs };
                        }
                        if (rhs is not null && (rhs is not double rd || rd != Math.Floor(rd)))
                        {
                            throw new JsonataException("T2004", "The right side of the range operator (..) must evaluate to an integer", expr.Position, op) { Value = rhs };
                        }
                        if (lhs is null || rhs is null)
                        {
                            return null;
                        }
                        var from = (double)lhs;
                        var to = (double)rhs;
                        if (from > to)
                        {
                            return null;
                        }
                        var size = to - from + 1;
                        if (size > 1e7)
                        {
                            throw new JsonataException("D2014", $"The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate {NumberText.ToJs(size)}.", expr.Position, op) { Value = size };
                        }
                        var result = new JsonataArray((int)size) { IsSequence = true };
                        for (var v = from; v <= to; v++)
                        {
                            result.Add(v);
                            if (((long)v & 0xFFFF) == 0)
                            {
                                CheckDeadline(expr.Position);
                            }
                        }
                        return result;
                    }
            }
            throw new JsonataException("S0201", $"Unknown operator {op}", expr.Position, op);
        }
        catch (JsonataException e) when (!e.PositionSet && e.Code[0] != 'U')
        {
            e.Position = expr.Position;
            e.PositionSet = true;
            e.Token ??= op;
            throw;
        }
    }
}
