using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SellerHub.IntegrationTests.Infrastructure;
using SellerHub.Orders;
using SellerHub.Workspaces;

namespace SellerHub.E2E;

/// <summary>
/// A new user presses "Dùng thử với cửa hàng mẫu" and works real demo orders in Chromium: the tabs are
/// full, a listing is linked from the order that waited for it, an order is approved, a buyer's cancel
/// request is accepted and reaches the (in-process) marketplace.
/// </summary>
public abstract class DemoTests(Db kind) : BrowserTest(kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<T> InDemo<T>(Func<SellerHub.Persistence.SellerHubDb, Task<T>> query) =>
        App.As(null, null, async (db, services) =>
        {
            var workspace = await db.Workspaces.Where(w => w.IsDemo).Select(w => w.Id).SingleAsync(Ct);
            return await App.As(workspace, StaffRole.Owner, (tenantDb, inner) => query(tenantDb));
        });

    [Fact]
    public async Task The_demo_shop_fills_the_tabs_and_a_new_user_links_approves_and_answers_a_cancel_request()
    {
        var page = await NewPageAsync(900, 20_000);
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Dùng thử với cửa hàng mẫu" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Gặp vấn đề (1)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Chờ xác nhận \([1-9]\d*\)$") })).ToBeVisibleAsync();

        // The phone case has no SKU on Shopee: its order waits; link it from the order itself.
        await page.GetByText("Sản phẩm chưa liên kết (1)").ClickAsync();
        var waiting = page.Locator("tr[data-order]");
        await Assertions.Expect(waiting).ToHaveCountAsync(1);
        await waiting.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("warnings")).ToContainTextAsync("Chưa liên kết: Ốp lưng iPhone 15");
        await PickAsync(page, page.GetByLabel("Liên kết với sản phẩm"), "OP-IP15", "OP-IP15 · Ốp lưng iPhone 15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Liên kết", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("timeline-event").Filter(new() { HasText = "Hết cảnh báo: Sản phẩm chưa liên kết" })).ToBeVisibleAsync();

        // An eligible order is approved from its page.
        var eligible = await InDemo(db => db.Orders.Where(o => o.Status == OrderStatus.AwaitingApproval && o.Warnings == OrderWarning.None).Select(o => o.Id).FirstAsync(Ct));
        await page.GotoAsync($"/orders/{eligible}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Duyệt đơn" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã duyệt", new() { Exact = true }).First).ToBeVisibleAsync();
        Assert.Equal(OrderStatus.Approved, await InDemo(db => db.Orders.Where(o => o.Id == eligible).Select(o => o.Status).SingleAsync(Ct)));

        // The buyer's cancel request, with the marketplace's answer on the timeline.
        await page.GotoAsync("/orders");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Gặp vấn đề (1)" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-order]")).ToHaveCountAsync(1); // the tab's list, not the one before it
        await page.Locator("tr[data-order]").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByText("Khách yêu cầu huỷ đơn.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đồng ý huỷ" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã hủy", new() { Exact = true }).First).ToBeVisibleAsync();
        var cancelled = await InDemo(db => db.Orders.Where(o => o.Status == OrderStatus.Cancelled).Select(o => o.Id).SingleAsync(Ct));
        await Eventually.Get(() => InDemo(db => db.Set<OrderEvent>().CountAsync(e => e.OrderId == cancelled && e.Text.StartsWith("Đã gửi \"đồng ý huỷ\""), Ct)), n => n == 1,
            "the marketplace to receive the decision");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("timeline-event").Filter(new() { HasText = "Đã gửi \"đồng ý huỷ\" lên Shopee" })).ToBeVisibleAsync();

        await ScreenshotAsync(page, "demo");
    }
}

public sealed class DemoTestsOnSqlite() : DemoTests(Db.Sqlite);

public sealed class DemoTestsOnPostgres() : DemoTests(Db.Postgres);
