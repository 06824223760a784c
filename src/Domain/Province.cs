namespace DataHub.Domain;

/// <summary>
/// A province-level unit as coded in personal IDs (3 digits). <see cref="Name"/> is the short name ("Bắc Ninh");
/// <see cref="FullName"/> carries the administrative prefix ("Tỉnh Bắc Ninh", "Thành phố Hà Nội") used in addresses.
/// </summary>
public sealed record Province(string Code, string Name, bool IsCentralCity)
{
    public string FullName => (IsCentralCity ? "Thành phố " : "Tỉnh ") + Name;
}
