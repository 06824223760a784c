using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace DataHub.Domain;

/// <summary>
/// The 63 province-level codes used as the first three digits of a personal ID (Circular 59/2021/TT-BCA).
/// The codes keep the 63-province list even after provinces are merged: an ID never changes.
/// </summary>
public static class Provinces
{
    /// <summary>All 63 provinces, ordered by code.</summary>
    public static IReadOnlyList<Province> All { get; } =
    [
        new("001", "Hà Nội", true),
        new("002", "Hà Giang", false),
        new("004", "Cao Bằng", false),
        new("006", "Bắc Kạn", false),
        new("008", "Tuyên Quang", false),
        new("010", "Lào Cai", false),
        new("011", "Điện Biên", false),
        new("012", "Lai Châu", false),
        new("014", "Sơn La", false),
        new("015", "Yên Bái", false),
        new("017", "Hòa Bình", false),
        new("019", "Thái Nguyên", false),
        new("020", "Lạng Sơn", false),
        new("022", "Quảng Ninh", false),
        new("024", "Bắc Giang", false),
        new("025", "Phú Thọ", false),
        new("026", "Vĩnh Phúc", false),
        new("027", "Bắc Ninh", false),
        new("030", "Hải Dương", false),
        new("031", "Hải Phòng", true),
        new("033", "Hưng Yên", false),
        new("034", "Thái Bình", false),
        new("035", "Hà Nam", false),
        new("036", "Nam Định", false),
        new("037", "Ninh Bình", false),
        new("038", "Thanh Hóa", false),
        new("040", "Nghệ An", false),
        new("042", "Hà Tĩnh", false),
        new("044", "Quảng Bình", false),
        new("045", "Quảng Trị", false),
        new("046", "Thừa Thiên Huế", false),
        new("048", "Đà Nẵng", true),
        new("049", "Quảng Nam", false),
        new("051", "Quảng Ngãi", false),
        new("052", "Bình Định", false),
        new("054", "Phú Yên", false),
        new("056", "Khánh Hòa", false),
        new("058", "Ninh Thuận", false),
        new("060", "Bình Thuận", false),
        new("062", "Kon Tum", false),
        new("064", "Gia Lai", false),
        new("066", "Đắk Lắk", false),
        new("067", "Đắk Nông", false),
        new("068", "Lâm Đồng", false),
        new("070", "Bình Phước", false),
        new("072", "Tây Ninh", false),
        new("074", "Bình Dương", false),
        new("075", "Đồng Nai", false),
        new("077", "Bà Rịa - Vũng Tàu", false),
        new("079", "Hồ Chí Minh", true),
        new("080", "Long An", false),
        new("082", "Tiền Giang", false),
        new("083", "Bến Tre", false),
        new("084", "Trà Vinh", false),
        new("086", "Vĩnh Long", false),
        new("087", "Đồng Tháp", false),
        new("089", "An Giang", false),
        new("091", "Kiên Giang", false),
        new("092", "Cần Thơ", true),
        new("093", "Hậu Giang", false),
        new("094", "Sóc Trăng", false),
        new("095", "Bạc Liêu", false),
        new("096", "Cà Mau", false),
    ];

    private static readonly FrozenDictionary<string, Province> _byCode =
        All.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);

    public static bool TryGet([NotNullWhen(true)] string? code, [NotNullWhen(true)] out Province? province)
    {
        if (code is null)
        {
            province = null;
            return false;
        }

        return _byCode.TryGetValue(code, out province);
    }

    public static bool TryGetName([NotNullWhen(true)] string? code, [NotNullWhen(true)] out string? name)
    {
        name = TryGet(code, out var province) ? province.Name : null;
        return name is not null;
    }

    public static bool IsKnown([NotNullWhen(true)] string? code) => code is not null && _byCode.ContainsKey(code);

    /// <summary>The province with that code; throws for an unknown code (use <see cref="TryGet"/> on user input).</summary>
    public static Province Get(string code) =>
        TryGet(code, out var province)
            ? province
            : throw new ArgumentException($"'{code}' is not a Vietnamese province code.", nameof(code));
}
