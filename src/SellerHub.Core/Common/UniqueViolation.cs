using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace SellerHub.Common;

public static class UniqueViolation
{
    /// <summary>
    /// True when a unique index refused the row: the check-before-insert lost a race, and the
    /// index, not the check, has the last word.
    /// </summary>
    public static bool Is(DbUpdateException e) => e.InnerException is DbException db && Is(db);

    /// <summary>The same, for raw SQL, whose errors are not wrapped.</summary>
    public static bool Is(DbException db) => db.SqlState == "23505" || db.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal);
}
