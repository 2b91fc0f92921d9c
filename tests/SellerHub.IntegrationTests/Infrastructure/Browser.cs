using System.Net;
using System.Text.RegularExpressions;

namespace SellerHub.IntegrationTests.Infrastructure;

/// <summary>Posts the server-rendered forms (sign-in, invitation) the way a browser does.</summary>
public static partial class Browser
{
    public static async Task<HttpClient> SignInAsync(TestApp app, string login, string password)
    {
        var client = app.Client();
        var response = await PostFormAsync(client, "/login", "login", new() { ["Input.Login"] = login, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>GETs the page for its antiforgery token, then POSTs the named form.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
