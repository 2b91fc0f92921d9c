namespace SellerHub.IntegrationTests.Infrastructure;

/// <summary>Waits for an asynchronous outcome (a queue being worked), failing with a message if it never comes.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still waiting after {seconds} s for: {what} (last: {value}).");
            await Task.Delay(100);
        }
    }
}
