using DataHub.Hub.GraphQL;
using DataHub.Hub.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DataHub.Hub.Hosting;

/// <summary>
/// Holds a form post to <see cref="FormLimits"/>: the declared length first, then the server's body limit for this
/// request, then the form read once with the limits (the handler's own read gets the same form back). Over a limit:
/// 413 <c>FORM_TOO_LARGE</c> in the hub's error shape, and the handler never runs.
/// </summary>
public static class FormLimitFilter
{
    public static IServiceCollection AddDataHubFormLimits(this IServiceCollection services)
    {
        services.AddOptions<FormLimits>().BindConfiguration(FormLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>Applies <see cref="FormLimits"/> to a form-posting endpoint.</summary>
    public static TBuilder WithFormLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(LimitAsync);

    private static async ValueTask<object?> LimitAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var limits = http.RequestServices.GetRequiredService<IOptions<FormLimits>>().Value;
        if (http.Request.ContentLength > limits.MaxBytes)
        {
            return await TooLargeAsync(http, $"The form is larger than {limits.MaxBytes} bytes.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBytes; // a body without a length is cut off by the server at the same size
        }

        if (http.Request.HasFormContentType)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
            {
                ValueCountLimit = limits.MaxFields,
                KeyLengthLimit = limits.MaxKeyLength,
                ValueLengthLimit = limits.MaxValueLength,
                MultipartBodyLengthLimit = limits.MaxBytes,
                MultipartHeadersLengthLimit = limits.MaxKeyLength * 8,
                BufferBodyLengthLimit = limits.MaxBytes,
            }));
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException ex)
            {
                return await TooLargeAsync(http, $"The form is over the hub's limits ({limits.MaxFields} fields, names of {limits.MaxKeyLength} " +
                    $"and values of {limits.MaxValueLength} characters, {limits.MaxBytes} bytes): {ex.Message}");
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return await TooLargeAsync(http, $"The form is larger than {limits.MaxBytes} bytes.");
            }
        }

        return await next(context);
    }

    private static async Task<IResult> TooLargeAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await IdentityServiceExtensions.WriteErrorAsync(http.Response, ErrorCodes.FormTooLarge, message);
        return Results.Empty;
    }
}
