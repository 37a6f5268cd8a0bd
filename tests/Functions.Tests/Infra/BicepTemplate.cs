using System.Text.RegularExpressions;

namespace Serverless.Functions.Tests.Infra;

/// <summary>
/// A small reader of <c>infra/main.bicep</c>: enough structure (parameters, variables, top-level blocks)
/// for the tests to check the template without a Bicep compiler.
/// </summary>
internal sealed partial class BicepTemplate
{
    private BicepTemplate(string text)
    {
        Text = text;
        var code = StripComments(text);
        Code = code;
        Parameters = ParameterPattern().Matches(code).Select(m => m.Groups["name"].Value).ToList();
        StringVariables = StringVariablePattern().Matches(code).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        Blocks = TopLevelBlocks(code);
    }

    public string Text { get; }

    /// <summary>The template without comments and decorator descriptions.</summary>
    public string Code { get; }

    public IReadOnlyList<string> Parameters { get; }

    /// <summary><c>var name = 'literal'</c> declarations.</summary>
    public IReadOnlyDictionary<string, string> StringVariables { get; }

    /// <summary>Each top-level declaration (param, var, resource, output) with its full text.</summary>
    public IReadOnlyList<BicepBlock> Blocks { get; }

    public static BicepTemplate Load(string path) => new(File.ReadAllText(path));

    public IEnumerable<BicepBlock> Resources(string typeAndVersion) =>
        Blocks.Where(b => b.Kind == "resource" && b.Type == typeAndVersion);

    public BicepBlock Declaration(string name) => Blocks.Single(b => b.Name == name);

    /// <summary>Every <c>name: '...'</c> inside a declaration (app settings entries).</summary>
    public static IEnumerable<string> NamedEntries(BicepBlock block) =>
        NamedEntryPattern().Matches(block.Text).Select(m => m.Groups["name"].Value);

    /// <summary>Uses of an identifier outside its own declaration, not counting object keys (<c>location: ...</c>).</summary>
    public int CountUses(string identifier) =>
        Regex.Matches(Code, $@"(?<![\w.']){Regex.Escape(identifier)}\b(?!\s*:)").Count - 1;

    private static string StripComments(string text)
    {
        var withoutDescriptions = DescriptionPattern().Replace(text, string.Empty);
        return string.Join('\n', withoutDescriptions.Split('\n').Select(line =>
        {
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            // "//" inside a string (a URL) is not a comment: only cut when no quote is open before it.
            return comment >= 0 && line[..comment].Count(c => c == '\'') % 2 == 0 ? line[..comment] : line;
        }));
    }

    private static List<BicepBlock> TopLevelBlocks(string code)
    {
        var blocks = new List<BicepBlock>();
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var header = HeaderPattern().Match(lines[i]);
            if (!header.Success)
            {
                continue;
            }
            var end = i;
            var depth = Depth(lines[i]);
            while (depth > 0 && end + 1 < lines.Length)
            {
                end++;
                depth += Depth(lines[end]);
            }
            blocks.Add(new BicepBlock(header.Groups["kind"].Value, header.Groups["name"].Value, header.Groups["type"].Value, string.Join('\n', lines[i..(end + 1)])));
            i = end;
        }
        return blocks;
    }

    private static int Depth(string line) => line.Count(c => c is '{' or '[' or '(') - line.Count(c => c is '}' or ']' or ')');

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"^var\s+(?<name>\w+)\s*=\s*'(?<value>[^']*)'\s*$", RegexOptions.Multiline)]
    private static partial Regex StringVariablePattern();

    [GeneratedRegex(@"^(?<kind>param|var|resource|output)\s+(?<name>\w+)(?:\s+'(?<type>[^']+)')?")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"name:\s*'(?<name>[^']+)'")]
    private static partial Regex NamedEntryPattern();

    [GeneratedRegex(@"@description\('(?:[^'\\]|\\.)*'\)")]
    private static partial Regex DescriptionPattern();
}

internal sealed record BicepBlock(string Kind, string Name, string Type, string Text);
