using GraphQL;
using GraphQL.Execution;

namespace DataHub.Hub.GraphQL;

/// <summary>
/// Errors as callers see them: the stable <c>code</c>, plus the facts DataHub attaches to its own errors
/// (field, department, purpose) flat in <c>extensions</c>. Never exception details or stack traces.
/// </summary>
public sealed class HubErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeCode = true,
    ExposeCodes = false,
    ExposeData = false,
    ExposeExceptionDetails = false,
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        info.Extensions?.Remove("number"); // GraphQL.NET's spec-section number of validation rules; the code says it all.
        if (executionError.Data.Count == 0)
        {
            return info;
        }

        var extensions = info.Extensions ?? new Dictionary<string, object?>();
        foreach (var key in executionError.Data.Keys.OfType<string>())
        {
            extensions[key] = executionError.Data[key];
        }

        info.Extensions = extensions;
        return info;
    }
}
