using System.Globalization;
using DataHub.Domain;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Identity;

/// <summary>
/// <c>token --department CODE | --steward [NAME] | --citizen PERSONAL_ID [--minutes N]</c>: prints a bearer token
/// from the local issuer, for Banana Cake Pop or curl.
/// </summary>
public static class TokenCommand
{
    private const string Usage = "usage: token (--department <code> | --steward [<name>] | --citizen <personalId>) [--minutes <1..1440>]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? department = null, steward = null, citizen = null;
        var minutes = 60;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : null;
            switch (args[i])
            {
                case "--department" when value is not null:
                    department = value;
                    i++;
                    break;
                case "--steward":
                    steward = value ?? "steward";
                    i += value is null ? 0 : 1;
                    break;
                case "--citizen" when value is not null:
                    citizen = value;
                    i++;
                    break;
                case "--minutes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 1440:
                    minutes = m;
                    i++;
                    break;
                default:
                    return Fail($"'{args[i]}' is not understood.");
            }
        }

        if (new[] { department, steward, citizen }.Count(v => v is not null) != 1)
        {
            return Fail("say who the token is for: one of --department, --steward, --citizen.");
        }

        var issuer = services.GetRequiredService<LocalIssuer>();
        var lifetime = TimeSpan.FromMinutes(minutes);
        if (steward is not null)
        {
            Console.WriteLine(issuer.ForSteward(steward, lifetime));
            return 0;
        }

        if (citizen is not null)
        {
            if (!PersonalId.TryParse(citizen, out var id, out var problem))
            {
                return Fail($"--citizen: {problem}");
            }

            Console.WriteLine(issuer.ForCitizen(id.ToString(), lifetime));
            return 0;
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var known = await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync();
        var match = known.FirstOrDefault(d => d.Code == department);
        if (match?.EntraApplicationId is null)
        {
            return Fail($"--department: '{department}' is not a registered department ({string.Join(", ", known.Select(d => d.Code))}).");
        }

        Console.WriteLine(issuer.ForDepartment(match.EntraApplicationId, match.Code, lifetime));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("token: " + message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
