using System.Collections.Frozen;
using System.Text;

namespace DataHub.SyntheticData;

/// <summary>The UPPER_SNAKE_CASE database code of an enum value: PerennialCrop → "PERENNIAL_CROP".</summary>
public static class EnumCode
{
    public static string Of<T>(T value)
        where T : struct, Enum => Cache<T>.Codes[value];

    private static string ToUpperSnake(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Codes =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => ToUpperSnake(v.ToString()));
    }
}
