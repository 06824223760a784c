namespace DataHub.Hub.Hosting;

/// <summary>Whether the hub starts the two demo department services itself (<c>DataHub:DemoDepartments</c>).</summary>
public sealed class DemoDepartmentsOptions
{
    public const string SectionName = "DataHub:DemoDepartments";

    /// <summary>On in Development (<c>dotnet run</c>), off otherwise; tests start the services themselves.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long to wait for each child process to answer before composing without it.</summary>
    public int StartTimeoutSeconds { get; set; } = 30;

    /// <summary>With the services, start the liên thông workers (cong-an, bhxh, so-ldtbxh) once the hub listens.</summary>
    public bool Workers { get; set; } = true;

    /// <summary>Where the online public-service app (dịch vụ công, so-tu-phap's) listens when the workers are started.</summary>
    public string PublicServiceUrl { get; set; } = "http://127.0.0.1:5083";
}
