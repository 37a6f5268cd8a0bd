using System.Runtime.CompilerServices;
using System.Text;
using Serverless.Core.Jsonata.Evaluation;

namespace Serverless.Core.Jsonata.Parsing;

/// <summary>
/// Top-down operator-precedence parser producing the raw syntax tree, which
/// <see cref="AstProcessor"/> then turns into path steps, stages and tuple bindings.
/// </summary>
internal sealed class Parser
{
    private readonly Lexer _lexer;
    private readonly string _source;
    private Token _token;

    private Parser(string source)
    {
        _source = source;
        _lexer = new Lexer(source);
    }

    public static Node Parse(string source)
    {
        var parser = new Parser(source);
        parser.Advance(null, false);
        var expr = parser.Expression(0);
        if (parser._token.Type != TokenType.End)
        {
            throw new JsonataException("S0201", $"Syntax error: {parser._token.Text}", parser._token.Position, parser._token.Text);
        }
        var ast = new AstProcessor().Process(expr);
        if (ast.Type == NodeType.Parent || ast.SeekingParent is not null)
        {
            throw new JsonataException("S0217", "The object representing the 'parent' cannot be derived from this expression", ast.Position, ast.Type.ToString().ToLowerInvariant());
        }
        return ast;
    }

    private static int Lbp(in Token t)
    {
        if (t.Type != TokenType.Operator)
        {
            return 0;
        }
        return t.Text switch
        {
            "." => 75,
            "[" or "(" or "@" or "#" => 80,
            "{" => 70,
            "?" => 20,
            "+" or "-" or "&" => 50,
            "*" or "/" or "%" or "**" => 60,
            "=" or "<" or ">" or "^" or "!=" or "<=" or ">=" or "~>" or "?:" or "??" or "in" => 40,
            ":=" => 10,
            "and" => 30,
            "or" => 25,
            _ => 0,
        };
    }

    private bool Is(string op) => _token.Type == TokenType.Operator && _token.Text == op;

    private Token Advance(string? expected, bool infix)
    {
        if (expected is not null && !Is(expected))
        {
            if (_token.Type == TokenType.End)
            {
                throw new JsonataException("S0203", $"Expected \"{expected}\" before end of expression", _token.Position, _token.Text) { Value = expected };
            }
            throw new JsonataException("S0202", $"Expected \"{expected}\", got \"{_token.Text}\"", _token.Position, _token.Text) { Value = expected };
        }
        var previous = _token;
        _token = _lexer.Next(infix);
        return previous;
    }

    private Node Expression(int rbp)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new JsonataException("U1001", "Stack overflow error: expression is nested too deeply", _token.Position);
        }
        var t = _token;
        Advance(null, true);
        var left = Nud(t);
        while (rbp < Lbp(_token))
        {
            t = _token;
            Advance(null, false);
            left = Led(t, left);
        }
        return left;
    }

    private Node Nud(Token t)
    {
        switch (t.Type)
        {
            case TokenType.Name:
                return new Node(NodeType.Name, t.Position) { Text = t.Text };
            case TokenType.Variable:
                return new Node(NodeType.Variable, t.Position) { Text = t.Text };
            case TokenType.String:
                return new Node(NodeType.String, t.Position) { Text = t.Text, Literal = t.Literal };
            case TokenType.Number:
                return new Node(NodeType.Number, t.Position) { Text = t.Text, Literal = t.Literal };
            case TokenType.Value:
                return new Node(NodeType.Value, t.Position) { Text = t.Text, Literal = t.Literal };
            case TokenType.Regex:
                var lit = (RegexLiteral)t.Literal!;
                return new Node(NodeType.Regex, t.Position) { Text = t.Text, CompiledRegex = RegexTranslator.Compile(lit.Pattern, lit.Flags, t.Position) };
            case TokenType.End:
                throw new JsonataException("S0207", "Unexpected end of expression", t.Position, t.Text);
        }
        switch (t.Text)
        {
            case "and" or "or" or "in":
                return new Node(NodeType.Name, t.Position) { Text = t.Text };
            case "-":
                return new Node(NodeType.Unary, t.Position) { Text = "-", Expression = Expression(70) };
            case "*":
                return new Node(NodeType.Wildcard, t.Position) { Text = "*" };
            case "**":
                return new Node(NodeType.Descendant, t.Position) { Text = "**" };
            case "%":
                return new Node(NodeType.Parent, t.Position) { Text = "%" };
            case "?":
                return new Node(NodeType.Operator, t.Position) { Text = "?" };
            case "(":
                {
                    var exprs = new List<Node>();
                    while (!Is(")"))
                    {
                        exprs.Add(Expression(0));
                        if (!Is(";"))
                        {
                            break;
                        }
                        Advance(";", false);
                    }
                    Advance(")", true);
                    return new Node(NodeType.Block, t.Position) { Expressions = exprs };
                }
            case "[":
                {
                    var items = new List<Node>();
                    if (!Is("]"))
                    {
                        while (true)
                        {
                            var item = Expression(0);
                            if (Is(".."))
                            {
                                var op = Advance("..", false);
                                item = new Node(NodeType.Binary, op.Position) { Text = "..", Lhs = item, Rhs = Expression(0) };
                            }
                            items.Add(item);
                            if (!Is(","))
                            {
                                break;
                            }
                            Advance(",", false);
                        }
                    }
                    Advance("]", true);
                    return new Node(NodeType.Unary, t.Position) { Text = "[", Expressions = items };
                }
            case "{":
                return new Node(NodeType.Unary, t.Position) { Text = "{", Pairs = ObjectPairs() };
            case "|":
                {
                    var pattern = Expression(0);
                    Advance("|", false);
                    var update = Expression(0);
                    Node? delete = null;
                    if (Is(","))
                    {
                        Advance(",", false);
                        delete = Expression(0);
                    }
                    Advance("|", true);
                    return new Node(NodeType.Transform, t.Position) { Pattern = pattern, Update = update, Delete = delete };
                }
        }
        throw new JsonataException("S0211", $"The symbol {t.Text} cannot be used as a unary operator", t.Position, t.Text);
    }

    private List<(Node, Node)> ObjectPairs()
    {
        var pairs = new List<(Node, Node)>();
        if (!Is("}"))
        {
            while (true)
            {
                var key = Expression(0);
                Advance(":", false);
                var value = Expression(0);
                pairs.Add((key, value));
                if (!Is(","))
                {
                    break;
                }
                Advance(",", false);
            }
        }
        Advance("}", true);
        return pairs;
    }

    private Node Led(Token t, Node left)
    {
        var op = t.Text;
        switch (op)
        {
            case "." or "+" or "-" or "*" or "/" or "%" or "=" or "<" or ">" or "!=" or "<=" or ">=" or "&" or "and" or "or" or "in":
                return new Node(NodeType.Binary, t.Position) { Text = op, Lhs = left, Rhs = Expression(Lbp(t)) };
            case "~>":
                return new Node(NodeType.Apply, t.Position) { Text = op, Lhs = left, Rhs = Expression(Lbp(t)) };
            case "?:":
                return new Node(NodeType.Elvis, t.Position) { Text = op, Lhs = left, Rhs = Expression(0) };
            case "??":
                return new Node(NodeType.Coalesce, t.Position) { Text = op, Lhs = left, Rhs = Expression(0) };
            case ":=":
                if (left.Type != NodeType.Variable)
                {
                    throw new JsonataException("S0212", "The left side of := must be a variable name (start with $)", left.Position, left.Text);
                }
                return new Node(NodeType.Bind, t.Position) { Text = op, Lhs = left, Rhs = Expression(Lbp(t) - 1) };
            case "@" or "#":
                {
                    var rhs = Expression(Lbp(t));
                    if (rhs.Type != NodeType.Variable)
                    {
                        throw new JsonataException("S0214", $"The right side of {op} must be a variable name (start with $)", rhs.Position, op);
                    }
                    return new Node(op == "@" ? NodeType.Focus : NodeType.IndexBind, t.Position) { Text = op, Lhs = left, Rhs = rhs };
                }
            case "?":
                {
                    var node = new Node(NodeType.Condition, t.Position) { Condition = left, Then = Expression(0) };
                    if (Is(":"))
                    {
                        Advance(":", false);
                        node.Else = Expression(0);
                    }
                    return node;
                }
            case "{":
                return new Node(NodeType.GroupBy, t.Position) { Lhs = left, Pairs = ObjectPairs() };
            case "[":
                {
                    if (Is("]"))
                    {
                        var step = left;
                        while (step.Type == NodeType.Predicate)
                        {
                            step = step.Lhs!;
                        }
                        step.KeepArray = true;
                        Advance("]", true);
                        return left;
                    }
                    var node = new Node(NodeType.Predicate, t.Position) { Lhs = left, Rhs = Expression(0) };
                    Advance("]", true);
                    return node;
                }
            case "^":
                {
                    Advance("(", false);
                    var terms = new List<SortTerm>();
                    while (true)
                    {
                        var descending = false;
                        if (Is("<"))
                        {
                            Advance("<", false);
                        }
                        else if (Is(">"))
                        {
                            descending = true;
                            Advance(">", false);
                        }
                        terms.Add(new SortTerm(descending, Expression(0)));
                        if (!Is(","))
                        {
                            break;
                        }
                        Advance(",", false);
                    }
                    Advance(")", true);
                    return new Node(NodeType.OrderBy, t.Position) { Lhs = left, Terms = terms };
                }
            case "(":
                return Call(t, left);
        }
        throw new JsonataException("S0201", $"Syntax error: {op}", t.Position, op);
    }

    private Node Call(Token t, Node left)
    {
        var args = new List<Node>();
        var isPartial = false;
        if (!Is(")"))
        {
            while (true)
            {
                if (Is("?"))
                {
                    isPartial = true;
                    var q = Advance("?", true);
                    args.Add(new Node(NodeType.Operator, q.Position) { Text = "?" });
                }
                else
                {
                    args.Add(Expression(0));
                }
                if (!Is(","))
                {
                    break;
                }
                Advance(",", false);
            }
        }
        Advance(")", true);
        if (left.Type == NodeType.Name && left.Text is "function" or "λ")
        {
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i].Type != NodeType.Variable)
                {
                    throw new JsonataException("S0208", $"Parameter {i + 1} of function definition must be a variable name (start with $)", args[i].Position, args[i].Text);
                }
            }
            var lambda = new Node(NodeType.Lambda, t.Position) { Arguments = args };
            if (Is("<"))
            {
                var sig = new StringBuilder("<");
                var depth = 1;
                Advance("<", false);
                while (depth > 0 && !Is("{") && _token.Type != TokenType.End)
                {
                    var tok = Advance(null, false);
                    if (tok.Type == TokenType.Operator && tok.Text == ">")
                    {
                        depth--;
                    }
                    else if (tok.Type == TokenType.Operator && tok.Text == "<")
                    {
                        depth++;
                    }
                    sig.Append(tok.Text);
                }
                lambda.Signature = Signature.Parse(sig.ToString());
            }
            Advance("{", false);
            lambda.Body = Expression(0);
            Advance("}", true);
            return lambda;
        }
        return new Node(isPartial ? NodeType.Partial : NodeType.Function, t.Position) { Procedure = left, Arguments = args };
    }
}
