using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using SellerHub.Web.Hosting;
using SellerHub.Workspaces;

namespace SellerHub.Web.Auth;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/logout", async (SignInManager<StaffUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription();

        // Switches the UI language for this person (stored on the account and in a cookie).
        app.MapGet("/culture/{culture}", async (string culture, string? back, HttpContext http, UserManager<StaffUser> users) =>
        {
            if (!SellerHubApp.Cultures.Any(c => c.Name == culture)) return Results.BadRequest();
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
            if (await users.GetUserAsync(http.User) is { } user && user.Culture != culture)
            {
                user.Culture = culture;
                await users.UpdateAsync(user);
            }
            return Results.LocalRedirect(back is { Length: > 0 } && back.StartsWith('/') ? back : "/");
        }).ExcludeFromDescription();
    }

    /// <summary>After sign-in the person's chosen language follows them to any browser.</summary>
    public static void RememberCulture(HttpContext http, StaffUser user) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(user.Culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
}
