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

    protected async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{kind}.png"), FullPage = true });
    }
}
