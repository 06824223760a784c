using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// Every limit a GraphQL request meets, checked before any source is read (section <c>DataHub:Limits</c>). The
/// defaults sit beside Apollo Router's and Hive Gateway's (README, "Limits"); each refusal has its own code.
/// </summary>
public sealed class RequestLimits
{
    public const string SectionName = "DataHub:Limits";

    /// <summary>Largest request body, in bytes (Apollo Router: 2,000,000). <c>REQUEST_TOO_LARGE</c>, 413.</summary>
    [Range(1_024, 10_000_000)]
    public int MaxRequestBytes { get; set; } = 262_144;

    /// <summary>Longest query text, in characters. <c>REQUEST_TOO_LARGE</c>.</summary>
    [Range(64, 1_000_000)]
    public int MaxQueryLength { get; set; } = 32_768;

    /// <summary>Longest operation name. <c>INVALID_REQUEST</c>.</summary>
    [Range(1, 1_024)]
    public int MaxOperationNameLength { get; set; } = 128;

    /// <summary>Largest <c>variables</c> (and <c>extensions</c>) object, in bytes of JSON. <c>REQUEST_TOO_LARGE</c>.</summary>
    [Range(64, 10_000_000)]
    public int MaxVariablesBytes { get; set; } = 65_536;

    /// <summary>Deepest nesting of a request body's JSON (System.Text.Json's default is 64). <c>INVALID_JSON</c>.</summary>
    [Range(4, 64)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Deepest nesting of the query text itself (parser recursion; Apollo Router: 500). <c>QUERY_TOO_DEEP</c>.</summary>
    [Range(8, 500)]
    public int MaxParserDepth { get; set; } = 64;

    /// <summary>Deepest field as the operation executes, introspection aside (Hive Gateway: 6). <c>QUERY_TOO_DEEP</c>.</summary>
    [Range(1, 100)]
    public int MaxDepth { get; set; } = 10;

    /// <summary>Deepest nesting of list fields inside introspection (<c>types { fields { args } }</c> is 3). <c>QUERY_TOO_DEEP</c>.</summary>
    [Range(1, 10)]
    public int MaxIntrospectionListDepth { get; set; } = 3;

    /// <summary>Most aliases in one operation (Hive Gateway: 30). <c>QUERY_TOO_COMPLEX</c>.</summary>
    [Range(0, 10_000)]
    public int MaxAliases { get; set; } = 30;

    /// <summary>Most fields in the operation as it executes, fragments expanded. <c>QUERY_TOO_COMPLEX</c>.</summary>
    [Range(1, 100_000)]
    public int MaxFields { get; set; } = 500;

    /// <summary>Largest estimated cost: each field costs one for every item its enclosing lists may hold. <c>QUERY_TOO_COMPLEX</c>.</summary>
    [Range(1, 100_000_000)]
    public int MaxCost { get; set; } = 50_000;

    /// <summary>Items assumed for a list field with no page size (e.g. a household's members) when estimating cost.</summary>
    [Range(1, 1_000)]
    public int ListSizeEstimate { get; set; } = 10;

    /// <summary>Most items in one <c>in</c>, <c>nin</c>, <c>and</c> or <c>or</c> list of a filter. <c>FILTER_TOO_COMPLEX</c>.</summary>
    [Range(1, 10_000)]
    public int MaxFilterListLength { get; set; } = 100;

    /// <summary>Deepest nesting of <c>and</c>/<c>or</c> in a filter. <c>FILTER_TOO_COMPLEX</c>.</summary>
    [Range(1, 50)]
    public int MaxFilterDepth { get; set; } = 5;

    /// <summary>Most conditions in one filter, all levels together. <c>FILTER_TOO_COMPLEX</c>.</summary>
    [Range(1, 10_000)]
    public int MaxFilterConditions { get; set; } = 200;

    /// <summary>Furthest a page cursor may point (an offset): deeper paging is refused with <c>INVALID_CURSOR</c>.</summary>
    [Range(100, int.MaxValue - 1)]
    public int MaxCursorOffset { get; set; } = 100_000;
}
