using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SellerHub.Sandbox.World;

namespace SellerHub.Sandbox.Vendors;

public sealed class TelegramChat
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public bool Blocked { get; set; }
    public List<DateTime> Sent { get; } = [];
    public bool IsGroup => Id < 0;
}

/// <summary>The bot's world: chats that opened it, updates waiting for getUpdates, sent messages.</summary>
public sealed class TelegramState
{
    public Dictionary<long, TelegramChat> Chats { get; } = [];
    public List<JsonObject> Updates { get; } = [];
    public HashSet<string> OpenCallbacks { get; } = [];
    public List<DateTime> SentByBot { get; } = [];
    public int NextUpdateId { get; set; } = 800_000_001;
    public int NextMessageId { get; set; } = 1;
}

/// <summary>
/// The Bot API under /telegram/bot&lt;token&gt;/&lt;method&gt;: {ok, result} / {ok:false, error_code,
/// description, parameters}; per-chat, per-group and global flood limits with retry_after; blocked
/// chats; HTML entity checks; getUpdates with offset confirmation.
/// </summary>
public static partial class TelegramApi
{
    private static readonly string[] Tags = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"];

    public static void Map(WebApplication app)
    {
        app.MapMethods("/telegram/{bot}/{method}", ["GET", "POST"], async (string bot, string method, HttpContext http, SandboxWorld world, Recorder recorder) =>
        {
            var args = await Arguments(http);
            if (bot != "bot" + world.Credentials.TelegramBotToken) return Fail(401, "Unauthorized");
            if (method.Equals("getUpdates", StringComparison.OrdinalIgnoreCase)) return await GetUpdates(args, world, http.RequestAborted);
            lock (world.Sync)
            {
                return method.ToLowerInvariant() switch
                {
                    "getme" => Ok(Bot(world)),
                    "sendmessage" => SendMessage(args, world, recorder),
                    "answercallbackquery" => AnswerCallback(args, world),
                    _ => Fail(404, "Not Found"),
                };
            }
        });
    }

    private static IResult SendMessage(Dictionary<string, JsonNode?> args, SandboxWorld world, Recorder recorder)
    {
        var state = world.Telegram;
        if (!args.TryGetValue("chat_id", out var chatNode) || !long.TryParse(chatNode?.ToString(), out var chatId))
            return Fail(400, "Bad Request: chat_id is empty");
        var text = args.GetValueOrDefault("text")?.ToString() ?? "";
        var parseMode = args.GetValueOrDefault("parse_mode")?.ToString();
        // A person who never opened the bot cannot be written to; a group the bot is not in does not exist for it.
        if (!state.Chats.TryGetValue(chatId, out var chat))
            return chatId > 0 ? Fail(403, "Forbidden: bot can't initiate conversation with a user") : Fail(400, "Bad Request: chat not found");
        if (chat.Blocked) return Fail(403, chat.IsGroup ? "Forbidden: bot was kicked from the group chat" : "Forbidden: bot was blocked by the user");

        string plain;
        if (string.Equals(parseMode, "HTML", StringComparison.OrdinalIgnoreCase))
        {
            if (ParseHtml(text, out plain) is { } error) return Fail(400, "Bad Request: can't parse entities: " + error);
        }
        else plain = text;
        if (plain.Length == 0) return Fail(400, "Bad Request: message text is empty");
        if (plain.Length > 4096) return Fail(400, "Bad Request: message is too long");
        if (args.GetValueOrDefault("reply_markup") is JsonObject markup)
            foreach (var button in markup["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray()) ?? [])
                if (button?["callback_data"] is { } data && Encoding.UTF8.GetByteCount(data.ToString()) > 64)
                    return Fail(400, "Bad Request: BUTTON_DATA_INVALID");

        var now = world.Clock.Now;
        chat.Sent.RemoveAll(t => now - t > TimeSpan.FromMinutes(1));
        state.SentByBot.RemoveAll(t => now - t > TimeSpan.FromSeconds(1));
        var lastSecond = chat.Sent.Count(t => now - t < TimeSpan.FromSeconds(1));
        if (chat.IsGroup && chat.Sent.Count >= 20)
            return Flood((int)Math.Ceiling((chat.Sent.Min() + TimeSpan.FromMinutes(1) - now).TotalSeconds));
        if (!chat.IsGroup && lastSecond >= 3) return Flood(1); // a short burst is tolerated, not more
        if (state.SentByBot.Count >= 30) return Flood(1);
        chat.Sent.Add(now);
        state.SentByBot.Add(now);

        var messageId = state.NextMessageId++;
        recorder.Telegram(new RecordedTelegram(chatId, text, parseMode, now, messageId));
        return Ok(new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = Bot(world),
            ["chat"] = ChatJson(chat),
            ["date"] = SandboxClock.Unix(now),
            ["text"] = plain,
        });
    }

    private static async Task<IResult> GetUpdates(Dictionary<string, JsonNode?> args, SandboxWorld world, CancellationToken aborted)
    {
        var offset = long.TryParse(args.GetValueOrDefault("offset")?.ToString(), out var o) ? o : 0;
        var limit = Math.Clamp(int.TryParse(args.GetValueOrDefault("limit")?.ToString(), out var l) ? l : 100, 1, 100);
        var timeout = Math.Clamp(int.TryParse(args.GetValueOrDefault("timeout")?.ToString(), out var t) ? t : 0, 0, 10);
        var until = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            lock (world.Sync)
            {
                var updates = world.Telegram.Updates;
                if (offset > 0) updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < offset); // confirmed
                var batch = updates.Take(limit).Select(u => u.DeepClone()).ToArray();
                if (batch.Length > 0 || DateTime.UtcNow >= until) return Ok(new JsonArray(batch));
            }
            await Task.Delay(200, aborted);
        }
    }

    private static IResult AnswerCallback(Dictionary<string, JsonNode?> args, SandboxWorld world) =>
        world.Telegram.OpenCallbacks.Remove(args.GetValueOrDefault("callback_query_id")?.ToString() ?? "")
            ? Ok(JsonValue.Create(true))
            : Fail(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");

    // ---- admin: what a person does in their Telegram app -------------------------------

    /// <summary>A person (or a group) sends /start &lt;payload&gt; to the bot.</summary>
    public static JsonObject Start(SandboxWorld world, long chatId, string name, string? payload)
    {
        var state = world.Telegram;
        if (!state.Chats.TryGetValue(chatId, out var chat)) state.Chats[chatId] = chat = new TelegramChat { Id = chatId, Name = name };
        chat.Blocked = false;
        var text = chat.IsGroup ? $"/start@{world.Credentials.TelegramBotUsername}" : "/start";
        if (!string.IsNullOrEmpty(payload)) text += " " + payload;
        return Enqueue(state, new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = state.NextMessageId++,
                ["from"] = User(chatId > 0 ? chatId : 5_000_000 + (-chatId % 1_000_000), name),
                ["chat"] = ChatJson(chat),
                ["date"] = SandboxClock.Unix(world.Clock.Now),
                ["text"] = text,
                ["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = text.Split(' ')[0].Length, ["type"] = "bot_command" }),
            },
        });
    }

    /// <summary>A person taps an inline button under one of the bot's messages.</summary>
    public static JsonObject Press(SandboxWorld world, long chatId, int messageId, string data)
    {
        var state = world.Telegram;
        var chat = state.Chats[chatId];
        var id = SandboxWorld.Token(8);
        state.OpenCallbacks.Add(id);
        return Enqueue(state, new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = id,
                ["from"] = User(chatId > 0 ? chatId : 5_000_001, chat.Name),
                ["message"] = new JsonObject { ["message_id"] = messageId, ["chat"] = ChatJson(chat), ["date"] = SandboxClock.Unix(world.Clock.Now) },
                ["chat_instance"] = chatId.ToString(),
                ["data"] = data,
            },
        });
    }

    private static JsonObject Enqueue(TelegramState state, JsonObject update)
    {
        update["update_id"] = state.NextUpdateId++;
        state.Updates.Add(update);
        return update;
    }

    /// <summary>Checks Telegram's HTML subset; returns the error text, or null with the visible text.</summary>
    public static string? ParseHtml(string html, out string plain)
    {
        var text = new StringBuilder();
        var open = new Stack<string>();
        plain = "";
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0) return $"Unsupported start tag at byte offset {i}";
                var tag = html[(i + 1)..end].Trim();
                var closing = tag.StartsWith('/');
                var name = TagName().Match(closing ? tag[1..] : tag).Value.ToLowerInvariant();
                if (!Tags.Contains(name)) return $"Unsupported start tag \"{name}\" at byte offset {i}";
                if (closing)
                {
                    if (open.Count == 0 || open.Pop() != name) return $"Unexpected end tag at byte offset {i}";
                }
                else open.Push(name);
                i = end;
            }
            else if (c == '&')
            {
                var entity = Entity().Match(html, i);
                if (!entity.Success || entity.Index != i)
                    return $"Character '&' is reserved and must be escaped with the preceding '\\' at byte offset {i}";
                text.Append(System.Net.WebUtility.HtmlDecode(entity.Value));
                i += entity.Length - 1;
            }
            else if (c == '>') return $"Character '>' is reserved at byte offset {i}";
            else text.Append(c);
        }
        if (open.Count > 0) return $"Can't find end tag corresponding to start tag \"{open.Peek()}\"";
        plain = text.ToString();
        return null;
    }

    [GeneratedRegex("^[a-zA-Z-]+")]
    private static partial Regex TagName();

    [GeneratedRegex("&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")]
    private static partial Regex Entity();

    private static JsonObject Bot(SandboxWorld world) => new()
    {
        ["id"] = long.Parse(world.Credentials.TelegramBotToken.Split(':')[0]),
        ["is_bot"] = true,
        ["first_name"] = "SellerHub Sandbox",
        ["username"] = world.Credentials.TelegramBotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    private static JsonObject User(long id, string name) => new() { ["id"] = id, ["is_bot"] = false, ["first_name"] = name, ["language_code"] = "vi" };

    private static JsonObject ChatJson(TelegramChat chat) => chat.IsGroup
        ? new JsonObject { ["id"] = chat.Id, ["title"] = chat.Name, ["type"] = chat.Id < -1_000_000_000_000 ? "supergroup" : "group" }
        : new JsonObject { ["id"] = chat.Id, ["first_name"] = chat.Name, ["type"] = "private" };

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    private static IResult Fail(int code, string description) =>
        Results.Json(new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description }, statusCode: code);

    private static IResult Flood(int retryAfter) => Results.Json(new JsonObject
    {
        ["ok"] = false, ["error_code"] = 429, ["description"] = $"Too Many Requests: retry after {retryAfter}",
        ["parameters"] = new JsonObject { ["retry_after"] = retryAfter },
    }, statusCode: 429);

    /// <summary>Telegram takes parameters as query, form or JSON; so does the sandbox.</summary>
    private static async Task<Dictionary<string, JsonNode?>> Arguments(HttpContext http)
    {
        var args = http.Request.Query.ToDictionary(q => q.Key, q => (JsonNode?)JsonValue.Create(q.Value.ToString()));
        if (http.Request.HasFormContentType)
            foreach (var (key, value) in await http.Request.ReadFormAsync())
                args[key] = value.ToString() is var s && (s.StartsWith('{') || s.StartsWith('[')) ? JsonNode.Parse(s) : JsonValue.Create(s);
        else if (http.Request.ContentType?.Contains("json") == true)
        {
            try
            {
                if (await JsonNode.ParseAsync(http.Request.Body) is JsonObject body)
                    foreach (var (key, value) in body) args[key] = value?.DeepClone();
            }
            catch (JsonException) { }
        }
        return args;
    }
}
