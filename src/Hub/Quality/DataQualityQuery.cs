using DataHub.Hub.Access;
using DataHub.Hub.Admin;
using DataHub.Hub.GraphQL;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace DataHub.Hub.Quality;

/// <summary>
/// <c>dataQuality</c> on the admin API: the newest run's score per source and rule, the trend over runs and the failing
/// records' keys. A department token sees only the rules it owns (the findings it must fix); a steward sees every
/// department's, or one's with <c>department</c>. Who sees what is decided by <see cref="AccessDecisions"/>.
/// </summary>
public static class DataQualityQuery
{
    public const int MaxFailing = 1000;

    public static FieldType Field()
    {
        var field = new FieldType
        {
            Name = "dataQuality",
            Description = "Data truth (đúng, đủ, sạch, sống): the newest reconciliation run's score per source and rule, with the failing records' keys. " +
                "A department sees only the findings it must fix.",
            Type = typeof(NonNullGraphType<DataQualityReportType>),
            Arguments = new QueryArguments(
                new QueryArgument<StringGraphType> { Name = "department", Description = "For a steward: only the findings this department must fix." },
                new QueryArgument<IntGraphType>
                {
                    Name = "failing",
                    Description = $"Failing records' keys per rule, at most {MaxFailing} (the CSV export has them all).",
                    DefaultValue = 20,
                }),
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var principal = ((HubRequestContext)context.UserContext).Principal
                    ?? throw new DataHubError("UNAUTHENTICATED", "No caller.");
                if (AccessDecisions.DecideQualityFindings(principal, context.GetArgument<string?>("department"), out var owner) is { } refusal)
                {
                    throw new DataHubError(refusal.Code, refusal.Message);
                }

                var failing = context.GetArgument<int>("failing");
                if (failing is < 0 or > MaxFailing)
                {
                    throw AdminErrors.Error(AdminErrors.InvalidArgument, $"'failing' is between 0 and {MaxFailing}.");
                }

                return await context.RequestServices!.GetRequiredService<QualityReports>().ReportAsync(owner, failing, context.CancellationToken);
            }),
        };
        field.Metadata[Audiences.Metadata] = Audiences.StewardOrDepartment;
        return field;
    }
}

internal sealed class DataQualityReportType : ObjectGraphType<QualityReport>
{
    public DataQualityReportType()
    {
        Name = "DataQualityReport";
        Description = "The newest finished reconciliation run, as the caller may see it.";
        Field<IdGraphType>("runId").Description("The run; null before any run finished.").Resolve(c => c.Source.RunId);
        Field<StringGraphType>("startedAt").Description("When the run started (UTC, ISO 8601).").Resolve(c => c.Source.StartedAt?.ToString("O"));
        Field<StringGraphType>("finishedAt").Description("When it finished (UTC, ISO 8601).").Resolve(c => c.Source.FinishedAt?.ToString("O"));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceQualityType>>>>("sources").Description("The score per source.").Resolve(c => c.Source.Sources);
    }
}

internal sealed class SourceQualityType : ObjectGraphType<SourceScore>
{
    public SourceQualityType()
    {
        Name = "SourceQuality";
        Description = "One source's records as the rules judged them.";
        Field<NonNullGraphType<StringGraphType>>("source").Description("The source, as in schema/<source>.graphql.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<LongGraphType>>("checked").Description("Checks made, all its rules together.").Resolve(c => c.Source.Checked);
        Field<NonNullGraphType<LongGraphType>>("failed").Description("Checks failed.").Resolve(c => c.Source.Failed);
        Field<NonNullGraphType<FloatGraphType>>("shareClean").Description("1 − failed / checked.").Resolve(c => c.Source.ShareClean);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RuleQualityType>>>>("rules").Description("The score per rule.").Resolve(c => c.Source.Rules);
    }
}

internal sealed class RuleQualityType : ObjectGraphType<RuleScore>
{
    public RuleQualityType()
    {
        Name = "RuleQuality";
        Description = "One rule's score in the run.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("The rule's stable code (schema/quality-rules.json).").Resolve(c => c.Source.Rule.Code);
        Field<NonNullGraphType<StringGraphType>>("dimension").Description("correct, complete, clean or live (đúng, đủ, sạch, sống).").Resolve(c => c.Source.Rule.Dimension);
        Field<NonNullGraphType<StringGraphType>>("owner").Description("The department that must fix what it finds.").Resolve(c => c.Source.Rule.Owner);
        Field<NonNullGraphType<StringGraphType>>("severity").Description("high, medium or low.").Resolve(c => c.Source.Rule.Severity);
        Field<NonNullGraphType<StringGraphType>>("description").Description("What it checks.").Resolve(c => c.Source.Rule.Description);
        Field<NonNullGraphType<LongGraphType>>("checked").Description("Records it checked.").Resolve(c => c.Source.Checked);
        Field<NonNullGraphType<LongGraphType>>("failed").Description("Records that failed.").Resolve(c => c.Source.Failed);
        Field<NonNullGraphType<FloatGraphType>>("shareClean").Description("1 − failed / checked.").Resolve(c => c.Source.ShareClean);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FloatGraphType>>>>("trend")
            .Description("Its share clean over the last runs, oldest first, this run last (Quality:TrendRuns).").Resolve(c => c.Source.Trend);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QualityFindingType>>>>("failing")
            .Description("Failing records, in key order, as many as 'failing' asked for.").Resolve(c => c.Source.Failing);
    }
}

internal sealed class QualityFindingType : ObjectGraphType<QualityFinding>
{
    public QualityFindingType()
    {
        Name = "QualityFinding";
        Description = "A failing record.";
        Field<NonNullGraphType<IdGraphType>>("key").Description("The record's key: a personal ID, or a land right's or benefit case's id.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("problem").Description("What is wrong.").Resolve(c => c.Source.Detail);
    }
}
