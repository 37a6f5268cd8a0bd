using System.Text.Json;
using Serverless.Core.Jsonata.Parsing;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Evaluation;

/// <summary>
/// <c>items.{...}</c> over an array still held as input text: rather than building one object per item
/// and keeping them all, each object item is presented through one reusable view of its text. The view
/// is re-pointed at the next item only when the step's result for this one does not hold it (checked
/// on the result itself, within a small budget); otherwise a fresh view is used from then on.
/// </summary>
internal sealed partial class Evaluator
{
    private const int RetentionCheckBudget = 32;

    private bool TryEvaluateOverInputArrays(Node field, Node next, JsonataArray input, Frame env, bool lastStep, out object? result)
    {
        result = null;
        if (field.NotAnArrayField || !field.IsPlainFieldStep || field.ConsArray
            || next.Tuple || next.Focus is not null || next.IndexVariable is not null || next.Ancestor is not null || next.Type == NodeType.Sort
            || input.Count == 0)
        {
            return false;
        }
        // All or nothing: every item must be an object still backed by text whose field there is an array
        // (or absent), so falling back to the ordinary steps never repeats an evaluation.
        var key = field.Text!;
        ReadOnlyMemory<byte> onlyText = default;
        foreach (var item in input)
        {
            if (item is not JsonataObject obj || !obj.TryFindArrayMemberText(key, out onlyText, out var kind))
            {
                return false;
            }
            if (kind is not (JsonTokenType.StartArray or JsonTokenType.None))
            {
                // Looking costs a scan of the item's text: don't look again at this step.
                field.NotAnArrayField = true;
                return false;
            }
        }
        var results = new ItemCollector(16);
        try
        {
            JsonataObject? view = null;
            foreach (var item in input)
            {
                // One item (the usual case) was just scanned; several are scanned again rather than stored.
                var text = onlyText;
                if (input.Count == 1 || ((JsonataObject)item!).TryFindArrayMemberText(key, out text, out _))
                {
                    if (!text.IsEmpty)
                    {
                        EvaluateOverArrayText(next, text, env, ref view, ref results);
                    }
                }
            }
            result = results.ToStepResult(lastStep);
            return true;
        }
        finally
        {
            results.Dispose();
        }
    }

    private void EvaluateOverArrayText(Node step, ReadOnlyMemory<byte> array, Frame env, ref JsonataObject? view, ref ItemCollector results)
    {
        var reader = new Utf8JsonReader(array.Span, JsonValueReader.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var itemText = array.Slice(start, (int)reader.BytesConsumed - start);
                if (view is null)
                {
                    view = JsonataObject.CreateView(itemText);
                }
                else
                {
                    view.Repoint(itemText);
                }
                var res = EvaluateStepItem(step, view, env);
                if (MayHold(res, view))
                {
                    view.ReleaseView();
                    view = null;
                }
                results.Add(res);
            }
            else
            {
                results.Add(EvaluateStepItem(step, JsonValueReader.ReadLazyValue(ref reader, array), env));
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> may reference <paramref name="view"/> (true when unsure).</summary>
    private static bool MayHold(object? value, JsonataObject view)
    {
        var budget = RetentionCheckBudget;
        return MayHold(value, view, ref budget);
    }

    private static bool MayHold(object? value, JsonataObject view, ref int budget)
    {
        switch (value)
        {
            case JsonataObject o:
                if (ReferenceEquals(o, view) || --budget < 0)
                {
                    return true;
                }
                if (o.IsBackedByText)
                {
                    // Built from input text alone: it cannot refer to an evaluation's objects.
                    return false;
                }
                for (var i = 0; i < o.Count; i++)
                {
                    if (MayHold(o.ValueAt(i), view, ref budget))
                    {
                        return true;
                    }
                }
                return false;
            case JsonataArray a:
                if (--budget < 0)
                {
                    return true;
                }
                foreach (var item in a)
                {
                    if (MayHold(item, view, ref budget))
                    {
                        return true;
                    }
                }
                return false;
            case JsonataFunction:
                // A closure may have captured the view as its context.
                return true;
            default:
                return false;
        }
    }
}
