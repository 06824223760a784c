using System.CommandLine;
using DataHub.Domain;
using DataHub.Hub.Hosting;
using DataHub.Hub.Registry;
using Microsoft.EntityFrameworkCore;

namespace DataHub.Hub.Identity;

/// <summary>
/// <c>token --department CODE | --steward [NAME] | --citizen PERSONAL_ID [--minutes N]</c>: prints a bearer token
/// from the local issuer, for Banana Cake Pop or curl.
/// </summary>
public static class TokenCommand
{
    public static Command Create(Func<Task<IServiceProvider>> services)
    {
        var department = new Option<string>("--department") { Description = "A department app, by its registered code (e.g. so-y-te).", HelpName = "code" };
        var steward = new Option<string?>("--steward")
        {
            Description = "A data steward, by name (default: steward).",
            HelpName = "name",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var citizen = new Option<string>("--citizen") { Description = "A citizen, by their 12-digit personal ID.", HelpName = "personalId" };
        var minutes = new Option<int>("--minutes") { Description = "Lifetime of the token in minutes (1 to 1440).", DefaultValueFactory = _ => 60 };
        WholeNumberOption.Within(minutes, 1, 1440, "--minutes must be from 1 to 1440.");
        var level = new Option<int>("--level") { Description = "A citizen's electronic-ID level, 1 or 2 (level 2 gives consent).", DefaultValueFactory = _ => 1 };
        WholeNumberOption.Within(level, 1, 2, "--level must be 1 or 2.");
        var command = new Command("token", "Print a bearer token from the hub's local issuer, for Banana Cake Pop or curl.")
        {
            department, steward, citizen, minutes, level,
        };
        command.Validators.Add(result =>
        {
            if (new Option[] { department, steward, citizen }.Count(o => result.GetResult(o) is not null) != 1)
            {
                result.AddError("Say who the token is for: one of --department, --steward, --citizen.");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var lifetime = TimeSpan.FromMinutes(parsed.GetValue(minutes));
            PersonalId? citizenId = null;
            if (parsed.GetValue(citizen) is { } personalId)
            {
                if (!PersonalId.TryParse(personalId, out var valid, out var problem))
                {
                    return Fail($"--citizen: {problem}");
                }

                citizenId = valid;
            }

            var provider = await services();
            var issuer = provider.GetRequiredService<LocalIssuer>();
            if (parsed.GetResult(steward) is not null)
            {
                Console.WriteLine(issuer.ForSteward(parsed.GetValue(steward) ?? "steward", lifetime));
                return HubCommandLine.Done;
            }

            if (citizenId is { } id)
            {
                var citizenSignIn = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CitizenIdOptions>>().Value;
                Console.WriteLine(issuer.ForCitizen(id.ToString(), lifetime, parsed.GetValue(level), citizenSignIn.LevelClaim));
                return HubCommandLine.Done;
            }

            var code = parsed.GetValue(department);
            await using var db = await provider.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(cancellationToken);
            var known = await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
            var match = known.FirstOrDefault(d => d.Code == code);
            if (match?.EntraApplicationId is null)
            {
                return Fail($"--department: '{code}' is not a registered department ({string.Join(", ", known.Select(d => d.Code))}).");
            }

            Console.WriteLine(issuer.ForDepartment(match.EntraApplicationId, match.Code, lifetime));
            return HubCommandLine.Done;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("token: " + message);
        return HubCommandLine.NotRun;
    }
}
