using DataHub.Hub.Access;
using DataHub.Hub.Planning;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// The gate between validation and execution, for every GraphQL surface of the hub: plans the operation as it will
/// execute (variables coerced, defaults applied, <c>@skip</c>/<c>@include</c> evaluated), enforces the limits on that
/// plan and asks <see cref="AccessDecisions"/> about it. Any refusal rejects the whole operation before a resolver
/// runs, so no source is read; the plan stays on the request for the audit entry.
/// </summary>
public sealed class OperationCheck(OperationPlanner planner, AccessDecisions decisions) : DocumentExecutionListenerBase
{
    /// <summary>The code that stops a plan-only request (<see cref="HubRequestContext.PlanOnly"/>) after planning; never sent to a caller.</summary>
    public const string PlannedOnly = "PLANNED_ONLY";

    public override Task AfterValidationAsync(IExecutionContext context, IValidationResult validationResult)
    {
        if (!validationResult.IsValid)
        {
            return Task.CompletedTask;
        }

        if (context.UserContext is not HubRequestContext { Principal: { } principal } request)
        {
            // Every request through the pipeline has a caller; anything else reads nothing.
            context.Errors.Add(new DataHubError(ErrorCodes.Unauthenticated, "No caller."));
            return Task.CompletedTask;
        }

        using var span = Telemetry.DataHubTelemetry.Source.StartActivity("access.decision");
        OperationPlan plan;
        try
        {
            plan = planner.Plan((ExecutionContext)context);
        }
        catch (RequestRefusedException refused)
        {
            context.Errors.Add(Error(context, new AccessRefusal(refused.Code, refused.Message, refused.At), principal, request.Purpose));
            span?.SetTag("datahub.refusal", refused.Code);
            return Task.CompletedTask;
        }

        request.Plan = plan;
        if (request.PlanOnly)
        {
            context.Errors.Add(new DataHubError(PlannedOnly, "Planned only: nothing runs."));
            return Task.CompletedTask;
        }

        var refusals = decisions.DecideOperation(principal, request.Purpose, plan);
        foreach (var refusal in refusals)
        {
            if (request.DeliveredEvent is not null && refusal.Field is not null)
            {
                continue; // an event's delivery: that field is refused as it resolves, the rest is delivered
            }

            context.Errors.Add(Error(context, refusal, principal, request.Purpose));
        }

        if (span is not null)
        {
            span.SetTag("datahub.caller", Telemetry.DataHubTelemetry.CallerTag(principal));
            span.SetTag("datahub.reads", plan.Reads.Count);
            span.SetTag("datahub.refusals", refusals.Count);
        }

        return Task.CompletedTask;
    }

    private static DataHubError Error(IExecutionContext context, AccessRefusal refusal, HubPrincipal principal, string? purpose)
    {
        var error = new DataHubError(refusal.Code, refusal.Message);
        if (refusal.At is { } at)
        {
            error.AddLocation(at.Node, context.Document);
            error.Path = at.Path;
        }

        if (refusal.Field is not null)
        {
            error.Data["field"] = refusal.Field;
            error.Data["department"] = principal.DisplayName;
            error.Data["purpose"] = purpose;
        }

        return error;
    }
}
