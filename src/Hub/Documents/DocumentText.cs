using System.Security.Cryptography;
using System.Text;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace DataHub.Hub.Documents;

/// <summary>
/// The normal form of an operation document and its id: parsed without comments and printed again by GraphQLParser's
/// printer, so whitespace, comments and layout do not change the id; the id is <c>sha256:</c> and the hex SHA-256 of the
/// normal form. The audit entry's document hash of a request by id is the same hex.
/// </summary>
public static class DocumentText
{
    public const string IdPrefix = "sha256:";

    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>The normal form of <paramref name="text"/>; throws the parser's syntax or depth error.</summary>
    public static string Normalise(string text, int maxDepth)
    {
        var document = Parser.Parse(text, new ParserOptions { Ignore = IgnoreOptions.All, MaxDepth = maxDepth });
        return new SDLPrinter(new SDLPrinterOptions { PrintComments = false }).Print(document).Trim();
    }

    /// <summary>The id of a normalised text.</summary>
    public static string IdOf(string normalised) =>
        IdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));

    /// <summary>Whether <paramref name="id"/> has the form of an id: <c>sha256:</c> and 64 lower-case hex digits.</summary>
    public static bool IsId(string id) =>
        id.Length == IdPrefix.Length + 64 && id.StartsWith(IdPrefix, StringComparison.Ordinal)
        && id.AsSpan(IdPrefix.Length).IndexOfAnyExcept(Hex) < 0;

    /// <summary>The operations a document defines, with their names (null for an anonymous one).</summary>
    public static IReadOnlyList<string?> OperationNames(string normalised, int maxDepth) =>
        Parser.Parse(normalised, new ParserOptions { Ignore = IgnoreOptions.All, MaxDepth = maxDepth })
            .Definitions.OfType<GraphQLOperationDefinition>().Select(o => o.Name?.StringValue).ToList();
}
