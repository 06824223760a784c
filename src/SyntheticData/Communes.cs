using System.Globalization;
using DataHub.Domain;

namespace DataHub.SyntheticData;

/// <summary>A commune-level unit (phường = urban ward, xã = rural commune) and its province.</summary>
public sealed record Commune(string Name, Province Province)
{
    public bool IsWard => Name.StartsWith("Phường ", StringComparison.Ordinal);

    /// <summary>"Xã Tiên Du, Tỉnh Bắc Ninh": the form used for birth registration place and hometown.</summary>
    public string FullName => Name + ", " + Province.FullName;
}

/// <summary>
/// Places of the demo world. Everyone lives in the home province, Bắc Ninh (027), in one of its real wards and
/// communes; other provinces appear as places of birth registration, hometowns and temporary residences.
/// Addresses use the two-level form (commune, province) that Vietnam has used since July 2025.
/// </summary>
public static class Communes
{
    public const string HomeProvinceCode = "027";

    public static Province HomeProvince { get; } = Provinces.Get(HomeProvinceCode);

    // Wards weigh more: they are denser. Names are real wards and communes of Bắc Ninh.
    private static readonly Weighted<Commune> _home = new(
        (Home("Phường Suối Hoa"), 5), (Home("Phường Vũ Ninh"), 5), (Home("Phường Kinh Bắc"), 6),
        (Home("Phường Đại Phúc"), 5), (Home("Phường Võ Cường"), 6), (Home("Phường Tiền An"), 4),
        (Home("Phường Ninh Xá"), 4), (Home("Phường Vệ An"), 4), (Home("Phường Hạp Lĩnh"), 4),
        (Home("Phường Từ Sơn"), 6), (Home("Phường Đồng Nguyên"), 5), (Home("Phường Đình Bảng"), 5),
        (Home("Phường Tam Sơn"), 4), (Home("Phường Quế Võ"), 4), (Home("Phường Thuận Thành"), 4),
        (Home("Xã Tiên Du"), 4), (Home("Xã Phật Tích"), 3), (Home("Xã Yên Phong"), 4), (Home("Xã Văn Môn"), 3),
        (Home("Xã Gia Bình"), 3), (Home("Xã Lương Tài"), 3), (Home("Xã Đại Đồng"), 3));

    // Where people who moved to Bắc Ninh were born: mostly neighbouring provinces and the big cities.
    private static readonly Weighted<Commune> _elsewhere = new(
        (In("001", "Phường Hoàn Kiếm"), 4), (In("001", "Phường Ba Đình"), 4), (In("001", "Phường Cầu Giấy"), 4),
        (In("001", "Phường Long Biên"), 4), (In("001", "Xã Đông Anh"), 4), (In("001", "Xã Gia Lâm"), 4),
        (In("024", "Phường Trần Phú"), 5), (In("024", "Phường Ngô Quyền"), 5), (In("024", "Xã Dĩnh Trì"), 4),
        (In("024", "Xã Song Khê"), 4), (In("030", "Phường Trần Hưng Đạo"), 4), (In("030", "Phường Quang Trung"), 4),
        (In("033", "Phường Hiến Nam"), 3), (In("033", "Phường Lam Sơn"), 3), (In("019", "Phường Phan Đình Phùng"), 3),
        (In("019", "Phường Hoàng Văn Thụ"), 2), (In("020", "Phường Chi Lăng"), 2), (In("020", "Phường Vĩnh Trại"), 2),
        (In("022", "Phường Hồng Gai"), 2), (In("022", "Phường Bãi Cháy"), 2), (In("031", "Phường Lê Chân"), 3),
        (In("031", "Phường Hồng Bàng"), 2), (In("034", "Phường Lê Hồng Phong"), 2), (In("034", "Phường Tiền Phong"), 2),
        (In("036", "Phường Vị Xuyên"), 2), (In("036", "Phường Trần Hưng Đạo"), 2), (In("038", "Phường Điện Biên"), 3),
        (In("038", "Phường Lam Sơn"), 2), (In("040", "Phường Hưng Bình"), 3), (In("040", "Phường Lê Mao"), 2),
        (In("026", "Phường Liên Bảo"), 2), (In("026", "Phường Đống Đa"), 2), (In("025", "Phường Gia Cẩm"), 2),
        (In("025", "Phường Tiên Cát"), 2), (In("035", "Phường Lương Khánh Thiện"), 2), (In("079", "Phường Bến Nghé"), 2),
        (In("079", "Phường Bến Thành"), 2), (In("048", "Phường Hải Châu"), 1), (In("048", "Phường Thạch Thang"), 1));

    // Where residents stay temporarily for work or study.
    private static readonly Commune[] _temporary =
    [
        In("001", "Phường Cầu Giấy"), In("001", "Phường Hai Bà Trưng"), In("001", "Phường Đống Đa"),
        In("001", "Phường Thanh Xuân"), In("079", "Phường Bến Thành"), In("031", "Phường Lê Chân"),
        In("024", "Phường Trần Phú"),
    ];

    private static readonly string[] _streets =
    [
        "Nguyễn Trãi", "Lý Thái Tổ", "Ngô Gia Tự", "Trần Hưng Đạo", "Nguyễn Văn Cừ", "Kinh Dương Vương",
        "Lý Anh Tông", "Huyền Quang", "Nguyễn Đăng Đạo", "Lê Văn Thịnh", "Hồ Ngọc Lân", "Thiên Đức",
        "Nguyễn Gia Thiều", "Lý Thường Kiệt", "Trần Phú", "Minh Khai", "Hai Bà Trưng", "Nguyễn Cao", "Lê Thái Tổ",
        "Lý Thánh Tông",
    ];

    private static readonly string[] _villages =
    [
        "Thôn Đông", "Thôn Đoài", "Thôn Nam", "Thôn Bắc", "Thôn Trung", "Thôn Thượng", "Thôn Hạ", "Thôn Nội",
        "Thôn Ngoại", "Thôn Tiền", "Thôn Hậu", "Thôn Lũng Giang", "Thôn Đình Cả",
    ];

    private static readonly string[] _fields =
    [
        "Cánh đồng Đông", "Cánh đồng Tây", "Cánh đồng Mả Lăng", "Xứ đồng Cửa Đình", "Xứ đồng Bãi Sông",
        "Xứ đồng Gò Cao", "Xứ đồng Ao Sen",
    ];

    /// <summary>The home province's communes and wards.</summary>
    public static IReadOnlyList<Commune> HomeCommunes => _home.Values;

    internal static Commune DrawHome(DemoRandom random) => _home.Draw(random);

    internal static Commune DrawElsewhere(DemoRandom random) => _elsewhere.Draw(random);

    internal static Commune DrawTemporary(DemoRandom random) => random.Pick(_temporary);

    /// <summary>A house address in a ward ("Số 12, đường Nguyễn Trãi, …") or a village address in a commune.</summary>
    internal static string DrawAddress(DemoRandom random, Commune commune)
    {
        var local = commune.IsWard
            ? string.Create(CultureInfo.InvariantCulture, $"Số {1 + random.Next(250)}, đường {random.Pick(_streets)}")
            : random.Pick(_villages);
        return local + ", " + commune.FullName;
    }

    /// <summary>The location of a farm plot, which has no house number: "Xứ đồng Gò Cao, Xã Tiên Du, Tỉnh Bắc Ninh".</summary>
    internal static string DrawFieldAddress(DemoRandom random, Commune commune) => random.Pick(_fields) + ", " + commune.FullName;

    private static Commune Home(string name) => new(name, HomeProvince);

    private static Commune In(string provinceCode, string name) => new(name, Provinces.Get(provinceCode));
}
