using Microsoft.Playwright;

namespace DataHub.BrowserTests;

/// <summary>
/// The one way every console browser test signs a steward in: paste the token, submit, and wait for the matrix the
/// sign-in redirects to. The wait is for the navigation to commit and then for the matrix itself, each with a bound
/// generous enough for a loaded machine (the default 30 s "load" wait once timed out there).
/// </summary>
internal static class ConsoleSignIn
{
    /// <summary>The bound on each wait after the sign-in is submitted.</summary>
    public const float TimeoutMs = 120_000;

    public static async Task SignInAsync(IPage page, string token, string signInPath = "/steward/signin?lang=en")
    {
        await page.GotoAsync(signInPath);
        await page.FillAsync("#token", token);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.ArriveAsync("**/steward/matrix");
        await page.Locator("#matrix").WaitForAsync(new() { Timeout = TimeoutMs });
    }
}
