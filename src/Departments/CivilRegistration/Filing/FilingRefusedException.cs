namespace DataHub.Departments.CivilRegistration.Filing;

/// <summary>A filing the registry refuses: a stable code and a sentence for the person filing; nothing is written.</summary>
public sealed class FilingRefusedException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}
