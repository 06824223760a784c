using System.Text;
using DataHub.Domain;

namespace DataHub.SyntheticData;

/// <summary>
/// Vietnamese names: family name + middle name + given name. Family-name weights follow their rough national
/// frequency (Nguyễn alone is about 38%); the southern variants Huỳnh and Võ are rare in a northern province.
/// </summary>
public static class Names
{
    private static readonly Weighted<string> _familyNames = new(
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4.5), ("Vũ", 3.9),
        ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5),
        ("Huỳnh", 0.4), ("Võ", 0.4));

    private static readonly Weighted<string> _maleMiddleNames = new(
        ("Văn", 40), ("Đức", 15), ("Hữu", 10), ("Minh", 15), ("Quốc", 8), ("Thanh", 4), ("Xuân", 4), ("Công", 4));

    private static readonly Weighted<string> _femaleMiddleNames = new(
        ("Thị", 55), ("Ngọc", 12), ("Thu", 10), ("Thanh", 10), ("Phương", 5), ("Minh", 4), ("Hồng", 4));

    private static readonly string[] _maleGivenNames =
    [
        "An", "Anh", "Bảo", "Bình", "Chiến", "Cường", "Dũng", "Duy", "Đạt", "Định", "Đông", "Giang", "Hải", "Hiếu",
        "Hoàng", "Hùng", "Huy", "Hưng", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Mạnh", "Minh", "Nam",
        "Nghĩa", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn",
        "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
    ];

    private static readonly string[] _femaleGivenNames =
    [
        "An", "Anh", "Bích", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
        "Huệ", "Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh",
        "Phượng", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Xuân", "Yến",
    ];

    public static IReadOnlyList<string> FamilyNames => _familyNames.Values;

    internal static string DrawFamilyName(DemoRandom random) => _familyNames.Draw(random);

    /// <summary>Middle and given name, e.g. "Thị Hương"; a middle name never repeats the given name.</summary>
    internal static string DrawPersonalName(DemoRandom random, Sex sex)
    {
        var middle = (sex == Sex.Male ? _maleMiddleNames : _femaleMiddleNames).Draw(random);
        var givenNames = sex == Sex.Male ? _maleGivenNames : _femaleGivenNames;
        var given = random.Pick(givenNames);
        while (given == middle)
        {
            given = random.Pick(givenNames);
        }

        return middle + " " + given;
    }

    /// <summary>
    /// ASCII form for e-mail local parts: "Nguyễn Thị Hương" → "nguyenthihuong". Đ/đ is a separate letter, not
    /// a D with a mark, so Unicode decomposition alone does not fold it.
    /// </summary>
    public static string ToAscii(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c is 'đ' or 'Đ')
            {
                builder.Append('d');
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }

            // Combining marks, spaces and symbols (apostrophes, hyphens) are dropped.
        }

        return builder.ToString();
    }
}
