using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Hosting;

/// <summary>
/// Limits on the form posts the hub accepts (section <c>DataHub:FormLimits</c>): <c>/connect/token</c>,
/// <c>/issuer/token</c>, the stand-in e-ID sign-in page and the citizen portal's forms. Over any of them:
/// <c>FORM_TOO_LARGE</c>, 413, before the handler runs. Each of these forms is a few short fields, so the limits sit far
/// below ASP.NET Core's defaults (1,024 fields, 4 MiB values, 128 MiB multipart bodies).
/// </summary>
public sealed class FormLimits
{
    public const string SectionName = "DataHub:FormLimits";

    /// <summary>Largest form body, in bytes.</summary>
    [Range(1_024, 1_048_576)]
    public int MaxBytes { get; set; } = 16_384;

    /// <summary>Most fields in one form (a repeated name counts each time).</summary>
    [Range(4, 1_024)]
    public int MaxFields { get; set; } = 64;

    /// <summary>Longest field name, in characters.</summary>
    [Range(16, 2_048)]
    public int MaxKeyLength { get; set; } = 128;

    /// <summary>Longest field value, in characters (a refresh token or the sign-in's <c>state</c> is a few kilobytes at most).</summary>
    [Range(256, 1_048_576)]
    public int MaxValueLength { get; set; } = 8_192;
}
