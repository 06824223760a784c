using DataHub.Departments.Aggregates;
using DataHub.SyntheticData;

namespace DataHub.Departments.HealthInsurance;

/// <summary>
/// The health insurance service of the Provincial Social Security, REST/JSON with minimal APIs:
/// <c>GET /cards?holderIds=a,b,c</c> (batch), <c>GET /holders/{personalId}/card</c> (one holder, 404 when uninsured),
/// <c>GET /cards/{cardNumber}</c>, <c>GET /health</c> and the request counter at <c>GET /_requests</c>; and its own
/// statistics, <c>POST /aggregates/cards</c> (<see cref="Cards"/>): cards counted by the properties of the card
/// look-up, in one SQL <c>GROUP BY</c>, groups only; <c>POST /cards/count</c> (<see cref="HolderCount"/>): how many of a
/// batch of holders have a card in force on a day — a count back, never a card.
/// </summary>
public static class HealthInsuranceService
{
    public const string DefaultUrl = "http://127.0.0.1:5082";

    /// <summary>What <c>POST /aggregates/cards</c> may group and filter by, under the card look-up's JSON names.</summary>
    public static readonly AggregateTable Cards = new("insurance_cards", "holder_personal_id",
    [
        new("doiTuong", "beneficiary_group", AggregateColumnKind.Text),
        new("mucHuong", "benefit_level", AggregateColumnKind.Integer),
        new("nsnnDong", "state_funded", AggregateColumnKind.Boolean),
        new("gioiTinh", "holder_sex", AggregateColumnKind.Text),
        new("ngaySinh", "holder_date_of_birth", AggregateColumnKind.Date, "dd/MM/yyyy"),
        new("gtTheTu", "valid_from", AggregateColumnKind.Date, "dd/MM/yyyy"),
        new("gtTheDen", "valid_to", AggregateColumnKind.Date, "dd/MM/yyyy"),
    ]);

    public static WebApplication Build(DepartmentOptions options)
    {
        var database = DepartmentHost.EnsureData(options, DepartmentDataSeeder.HealthInsuranceFile, DepartmentDataSeeder.SeedHealthInsurance);
        var builder = DepartmentHost.CreateBuilder(options);
        builder.Services.AddSingleton(new CardRegistry(database));
        builder.Services.AddSingleton(new AggregateReader(database, Cards));

        var app = builder.Build();
        app.UseRequestCounter(app.Services.GetRequiredService<RequestCounter>());
        app.MapGet("/cards", async (string? holderIds, CardRegistry cards, CancellationToken ct) =>
        {
            var ids = (holderIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (ids.Count == 0 || ids.Count > CardRegistry.MaxKeys)
            {
                return Results.Json(new { error = $"holderIds must list 1 to {CardRegistry.MaxKeys} personal IDs, comma-separated." }, statusCode: 400);
            }

            return Results.Json(new { cards = await cards.ByHoldersAsync(ids, ct) });
        });
        app.MapGet("/holders/{personalId}/card", async (string personalId, CardRegistry cards, CancellationToken ct) =>
            (await cards.ByHoldersAsync([personalId], ct)).FirstOrDefault() is { } card
                ? Results.Json(card)
                : Results.Json(new { error = "No card for this holder." }, statusCode: 404));
        app.MapGet("/cards/{cardNumber}", async (string cardNumber, CardRegistry cards, CancellationToken ct) =>
            (await cards.ByNumbersAsync([cardNumber], ct)).FirstOrDefault() is { } card
                ? Results.Json(card)
                : Results.Json(new { error = "No such card." }, statusCode: 404));
        app.MapPost("/aggregates/cards", async (AggregateRequest request, AggregateReader aggregates, CancellationToken ct) =>
        {
            try
            {
                return Results.Json(new { groups = await aggregates.RunAsync(request, ct) });
            }
            catch (AggregateRefusedException refused)
            {
                return Results.Json(new { code = refused.Code, error = refused.Message }, statusCode: 400);
            }
        });
        app.MapPost("/cards/count", async (HolderCount request, CardRegistry cards, CancellationToken ct) =>
        {
            var ids = (request.HolderIds ?? []).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0 || ids.Count > CardRegistry.MaxKeys)
            {
                return Results.Json(new { code = "BAD_BATCH", error = $"holderIds must list 1 to {CardRegistry.MaxKeys} personal IDs." }, statusCode: 400);
            }

            if (!DateOnly.TryParseExact(request.ValidOn, "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var validOn))
            {
                return Results.Json(new { code = "BAD_CONDITION", error = "validOn is a date, dd/MM/yyyy." }, statusCode: 400);
            }

            var (count, keySum) = await cards.CountInForceAsync(ids, validOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                request.RecordKeys, ct);
            return Results.Json(new { count, keySum });
        });
        app.MapGet("/health", async (CardRegistry cards, CancellationToken ct) =>
            await cards.IsReadableAsync(ct) ? Results.Json(new { status = "ok" }) : Results.Json(new { status = "no data" }, statusCode: 503));
        return app;
    }
}
