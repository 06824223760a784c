using System.Diagnostics;
using GraphQL.Validation;

namespace DataHub.Hub.Telemetry;

/// <summary>GraphQL.NET's validator inside a <c>graphql.validate</c> span (no document text on it).</summary>
public sealed class TracedDocumentValidator(IDocumentValidator inner) : IDocumentValidator
{
    public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
    {
        var parent = Activity.Current;
        var span = DataHubTelemetry.Source.StartActivity("graphql.validate");
        var validating = inner.ValidateAsync(options);
        if (span is null)
        {
            return validating;
        }

        // The span ends when validation does; what runs after it (the decision, the source calls) is its sibling.
        Activity.Current = parent;
        return Traced(validating, span);
    }

    private static async Task<IValidationResult> Traced(Task<IValidationResult> validating, Activity span)
    {
        using (span)
        {
            var result = await validating;
            span.SetTag("graphql.valid", result.IsValid);
            return result;
        }
    }
}
