using Microsoft.Playwright;
using SellerHub.IntegrationTests.Infrastructure;

namespace SellerHub.E2E;

/// <summary>A fresh SellerHub on real Kestrel and Debian's Chromium, per test class instance.</summary>
public abstract class BrowserTest(Db kind) : IAsyncLifetime
{
    protected TestApp App { get; private set; } = null!;
    protected Db Kind => kind;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.StartAsync(kind);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SELLERHUB_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await App.DisposeAsync();
    }

    protected async Task<IPage> NewPageAsync(int height = 768, int timeoutMs = 15_000)
    {
        var page = await browser.NewPageAsync(new() { BaseURL = App.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = height } });
        page.SetDefaultTimeout(timeoutMs);
        return page;
    }

    /// <summary>Signs in on the login page and waits for the dashboard.</summary>
    protected static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail hoặc số điện thoại").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tổng quan" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Picks from a product search as a person does: opens it, types, waits until the list has
    /// narrowed to what was typed, picks, and checks the field shows the pick. (Clicking an item of
    /// the list still shown from before the typing loses the pick when it re-renders under the click.)
    /// </summary>
    protected static async Task PickAsync(IPage page, ILocator search, string typed, string option)
    {
        await search.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
        await search.FillAsync(typed);
        await Assertions.Expect(page.GetByRole(AriaRole.Option).Filter(new() { HasNotText = typed })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = option }).ClickAsync();
        await Assertions.Expect(search).ToHaveValueAsync(option);
    }

    protected async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{kind}.png"), FullPage = true });
    }
}
