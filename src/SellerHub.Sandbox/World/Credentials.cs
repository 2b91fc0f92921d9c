namespace SellerHub.Sandbox.World;

/// <summary>The seeded world's keys, served at GET /sandbox/credentials. Fixed so demos and tests can rely on them.</summary>
public sealed record Credentials
{
    public long ShopeePartnerId { get; init; } = 2001887;
    public string ShopeePartnerKey { get; init; } = "shpk-sandbox-partner-key-0001";
    public string LazadaAppKey { get; init; } = "100001";
    public string LazadaAppSecret { get; init; } = "lzd-sandbox-app-secret-0001";
    public string TikTokAppKey { get; init; } = "6abc123sandbox";
    public string TikTokAppSecret { get; init; } = "tts-sandbox-app-secret-0001";
    public string TikTokServiceId { get; init; } = "7300000000000000001";
    public string GhnToken { get; init; } = "ghn-sandbox-token-0001";
    public int GhnShopId { get; init; } = 885001;
    public string GhtkToken { get; init; } = "ghtk-sandbox-token-0001";
    public string GhtkPartnerCode { get; init; } = "S000001";
    public string TelegramBotToken { get; init; } = "7000000001:AAsandbox-bot-token-0001";
    public string TelegramBotUsername { get; init; } = "SellerHubSandboxBot";
}
