using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// The one way these tests wait for a redirect to land. Playwright's own wait for the "load" event after a redirect
/// chain (a form post → 302 → page, or the e-ID provider → /signin-oidc → page) timed out in CI on a loaded machine
/// although the page was there ("NetworkIdle event fired" in its log): so wait for the URL to commit, then ask the
/// document itself whether it is parsed.
/// </summary>
public static class Arrival
{
    public const float TimeoutMs = 60_000;

    public static Task ArriveAsync(this IPage page, string urlGlob) =>
        ArriveAsync(page, () => page.WaitForURLAsync(urlGlob, new() { WaitUntil = WaitUntilState.Commit, Timeout = TimeoutMs }));

    public static Task ArriveAsync(this IPage page, Func<string, bool> url) =>
        ArriveAsync(page, () => page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = TimeoutMs }));

    private static async Task ArriveAsync(IPage page, Func<Task> committed)
    {
        await committed();
        await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null, new() { Timeout = TimeoutMs, PollingInterval = 100 });
    }
}
