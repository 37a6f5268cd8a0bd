using Serverless.Core.Errors;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>Value rules shared by the endpoints, each failing with a 400 that names the field.</summary>
internal static class Require
{
    public const int MaxNameLength = 200;

    public static string Name(string value, string path)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength)
        {
            throw ApiException.Invalid([new ValidationError(path, $"must be 1 to {MaxNameLength} characters")]);
        }

        return trimmed;
    }

    public static T Found<T>(T? value, string what, Guid id) where T : class => value ?? throw ApiException.NotFound(what, id);

    public static void Valid(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }
    }
}
