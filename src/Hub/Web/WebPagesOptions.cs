using System.ComponentModel.DataAnnotations;

namespace DataHub.Hub.Web;

/// <summary>Settings of the server-rendered pages (<c>DataHub:Web</c>).</summary>
public sealed class WebPagesOptions
{
    public const string SectionName = "DataHub:Web";

    /// <summary>The province's time zone (IANA id): timestamps are shown, and dates entered, in its local time.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";
}
