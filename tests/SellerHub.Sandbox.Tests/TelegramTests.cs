namespace SellerHub.Sandbox.Tests;

public sealed class TelegramTests(Sandbox sandbox) : IClassFixture<Sandbox>
{
    private const string Bot = "/telegram/bot7000000001:AAsandbox-bot-token-0001";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(long chatId, string text, string? parseMode = null) =>
        sandbox.Http.PostAsJsonAsync(Bot + "/sendMessage", new { chat_id = chatId, text, parse_mode = parseMode }, Ct);

    [Fact]
    public async Task A_seller_connects_with_start_and_receives_messages()
    {
        var uninvited = await Send(111, "Xin chào");
        Assert.Equal(HttpStatusCode.Forbidden, uninvited.StatusCode);
        Assert.Equal("Forbidden: bot can't initiate conversation with a user", (await sandbox.Json(uninvited)).GetProperty("description").GetString());
        var unknownGroup = await Send(-999, "Xin chào");
        Assert.Equal(HttpStatusCode.BadRequest, unknownGroup.StatusCode);
        Assert.Equal("Bad Request: chat not found", (await sandbox.Json(unknownGroup)).GetProperty("description").GetString());

        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/telegram/start", new { ChatId = 111, Name = "Chị An", Payload = "tok_abc" }, Ct);
        var updates = await sandbox.Json(await sandbox.Http.PostAsJsonAsync(Bot + "/getUpdates", new { offset = 0 }, Ct));
        // Other tests' updates (button presses, other chats) may be queued too.
        var update = updates.GetProperty("result").EnumerateArray()
            .Single(u => u.TryGetProperty("message", out var m) && m.GetProperty("chat").GetProperty("id").GetInt64() == 111);
        Assert.Equal("/start tok_abc", update.GetProperty("message").GetProperty("text").GetString());

        var sent = await sandbox.Json(await Send(111, "<b>Đơn mới</b> #123 &amp; COD", "HTML"));
        Assert.True(sent.GetProperty("ok").GetBoolean());
        Assert.Equal("Đơn mới #123 & COD", sent.GetProperty("result").GetProperty("text").GetString());

        // Confirming with offset = last update_id + 1 drops the update.
        var next = update.GetProperty("update_id").GetInt64() + 1;
        var after = await sandbox.Json(await sandbox.Http.GetAsync($"{Bot}/getUpdates?offset={next}", Ct));
        Assert.DoesNotContain(after.GetProperty("result").EnumerateArray(), u => u.GetProperty("update_id").GetInt64() < next);

        var recorded = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/recorded/telegram", Ct));
        Assert.Equal("<b>Đơn mới</b> #123 &amp; COD", recorded.GetProperty("111")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Bad_html_blocked_chats_and_floods_get_telegrams_errors()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/telegram/start", new { ChatId = 222, Name = "Anh Bình", Payload = (string?)null }, Ct);
        var bad = await Send(222, "Giá <A&B>", "HTML");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("Bad Request: can't parse entities", (await sandbox.Json(bad)).GetProperty("description").GetString());

        var results = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++) results.Add(await Send(222, $"tin {i}"));
        var flood = results.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(flood);
        var body = await sandbox.Json(flood);
        Assert.True(body.GetProperty("parameters").GetProperty("retry_after").GetInt32() >= 1);

        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/telegram/block", new { ChatId = 222 }, Ct);
        await Task.Delay(1100, Ct);
        var blocked = await Send(222, "còn đó không?");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("Forbidden: bot was blocked by the user", (await sandbox.Json(blocked)).GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_group_takes_at_most_twenty_messages_a_minute()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/telegram/start", new { ChatId = -4001, Name = "Nhóm kho", Payload = "tok_group" }, Ct);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            statuses.Add((await Send(-4001, $"đơn {i}")).StatusCode);
            if (i % 3 == 2) await Task.Delay(1050, Ct); // stay under the per-second burst
        }
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Button_presses_arrive_and_must_be_answered_once()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/telegram/start", new { ChatId = 333, Name = "Chị Hoa", Payload = (string?)null }, Ct);
        var press = await sandbox.Json(await sandbox.Http.PostAsJsonAsync("/sandbox/admin/telegram/press", new { ChatId = 333, MessageId = 1, Data = "approve:ORD1" }, Ct));
        var id = press.GetProperty("callback_query").GetProperty("id").GetString();
        Assert.True((await sandbox.Json(await sandbox.Http.PostAsJsonAsync(Bot + "/answerCallbackQuery", new { callback_query_id = id }, Ct))).GetProperty("ok").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await sandbox.Http.PostAsJsonAsync(Bot + "/answerCallbackQuery", new { callback_query_id = id }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sandbox.Http.GetAsync("/telegram/bot123:wrong/getMe", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_refused_button_is_neither_sent_nor_recorded_nor_counted()
    {
        await sandbox.Http.PostAsJsonAsync("/sandbox/admin/telegram/start", new { ChatId = 444, Name = "Chị Mai", Payload = (string?)null }, Ct);
        var markup = new { inline_keyboard = new[] { new[] { new { text = "Duyệt", callback_data = new string('x', 65) } } } };
        for (var i = 0; i < 3; i++)
        {
            var refused = await sandbox.Http.PostAsJsonAsync(Bot + "/sendMessage", new { chat_id = 444, text = $"Đơn {i}", reply_markup = markup }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("Bad Request: BUTTON_DATA_INVALID", (await sandbox.Json(refused)).GetProperty("description").GetString());
        }
        // Three refusals used none of the chat's three-a-second budget.
        Assert.Equal(HttpStatusCode.OK, (await Send(444, "Đơn hợp lệ")).StatusCode);
        var recorded = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/recorded/telegram", Ct));
        Assert.Equal(["Đơn hợp lệ"], recorded.GetProperty("444").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToArray());
    }

    [Fact]
    public async Task GetMe_describes_the_bot()
    {
        var me = await sandbox.Http.GetAsync(Bot + "/getMe", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await sandbox.Json(me);
        Assert.True(body.GetProperty("ok").GetBoolean());
        var bot = body.GetProperty("result");
        Assert.Equal(7000000001, bot.GetProperty("id").GetInt64());
        Assert.True(bot.GetProperty("is_bot").GetBoolean());
        var credentials = await sandbox.Json(await sandbox.Http.GetAsync("/sandbox/credentials", Ct));
        Assert.Equal(credentials.GetProperty("telegram").GetProperty("bot_username").GetString(), bot.GetProperty("username").GetString());
    }
}
