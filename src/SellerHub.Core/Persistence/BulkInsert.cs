using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SellerHub.Persistence;

/// <summary>
/// New rows of several tables written straight to the database in the context's current
/// transaction, columns taken from the EF model. PostgreSQL gets one round trip for all of them
/// (an INSERT … SELECT FROM unnest(column arrays) per table, in one batch); SQLite, one prepared
/// INSERT run per row. For the import's hot path, where EF's change tracking and per-row
/// parameters cost more than the writes. The rows are not tracked; the workspace is stamped and
/// checked as SaveChanges does.
/// </summary>
public sealed class BulkInsert(SellerHubDb db)
{
    private readonly List<(Table Table, IReadOnlyList<object> Rows)> _tables = [];

    /// <summary>Rows of one table, written after the tables added before it (parents first).</summary>
    public BulkInsert Add<T>(IReadOnlyCollection<T> rows) where T : class
    {
        foreach (var tenantOwned in rows.OfType<ITenantOwned>()) db.Stamp(tenantOwned);
        if (rows.Count > 0) _tables.Add((Table.Of(db.Model, typeof(T)), rows.ToList<object>()));
        return this;
    }

    public async Task WriteAsync(CancellationToken ct)
    {
        if (_tables.Count == 0) return;
        // Part of a unit of work by design: alone, SQLite would commit row by row and a failure would leave half.
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("BulkInsert writes inside a transaction.");
        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection postgres)
        {
            await using var batch = new NpgsqlBatch(postgres, (NpgsqlTransaction?)transaction);
            foreach (var (table, rows) in _tables)
            {
                var insert = new NpgsqlBatchCommand(table.Unnest);
                foreach (var column in table.Columns) insert.Parameters.Add(new NpgsqlParameter { Value = column.ArrayOf(rows), DataTypeName = column.Mapping.StoreTypeNameBase + "[]" });
                batch.BatchCommands.Add(insert);
            }
            await batch.ExecuteNonQueryAsync(ct);
            return;
        }

        foreach (var (table, rows) in _tables)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = table.Insert;
            insert.Transaction = transaction;
            var parameters = table.Columns.Select((column, i) => column.Mapping.CreateParameter(insert, $"@p{i}", null)).ToArray();
            insert.Parameters.AddRange(parameters);
            foreach (var row in rows)
            {
                for (var i = 0; i < parameters.Length; i++) parameters[i].Value = table.Columns[i].Read(row) ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private sealed record Column(Func<object, object?> Read, RelationalTypeMapping Mapping, Func<IReadOnlyList<object>, Func<object, object?>, Array> Arrays)
    {
        public Array ArrayOf(IReadOnlyList<object> rows) => Arrays(rows, Read);
    }

    // A typed array (Guid[], int?[] …) per column: Npgsql sends it as one PostgreSQL array parameter.
    private static Array ArrayAs<TValue>(IReadOnlyList<object> rows, Func<object, object?> read)
    {
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = (TValue)read(rows[i])!;
        return values;
    }

    private static readonly MethodInfo ArrayAsMethod = typeof(BulkInsert).GetMethod(nameof(ArrayAs), BindingFlags.NonPublic | BindingFlags.Static)!;

    private sealed record Table(string Unnest, string Insert, IReadOnlyList<Column> Columns)
    {
        private static readonly ConcurrentDictionary<(IModel, Type), Table> Known = new();

        public static Table Of(IModel model, Type type) => Known.GetOrAdd((model, type), key =>
        {
            var entity = key.Item1.FindEntityType(key.Item2) ?? throw new InvalidOperationException($"{key.Item2.Name} is not in the model.");
            // Only plain rows: what the database or EF would add (defaults, computed or shadow columns, audited settings) is not written here.
            if (typeof(IAuditedSetting).IsAssignableFrom(key.Item2) || entity.GetComplexProperties().Any() || entity.GetDiscriminatorPropertyName() is not null
                || entity.GetProperties().Any(p => p.IsShadowProperty() || p.GetDefaultValueSql() is not null || p.GetComputedColumnSql() is not null))
                throw new InvalidOperationException($"{key.Item2.Name} has columns BulkInsert does not write; save it through EF.");
            var name = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            var columns = properties.Select(p =>
            {
                var mapping = p.GetRelationalTypeMapping();
                var getter = p.GetGetter();
                var converter = mapping.Converter;
                var stored = converter?.ProviderClrType ?? mapping.ClrType;
                if (p.IsNullable && stored.IsValueType && Nullable.GetUnderlyingType(stored) is null) stored = typeof(Nullable<>).MakeGenericType(stored);
                var arrays = ArrayAsMethod.MakeGenericMethod(stored).CreateDelegate<Func<IReadOnlyList<object>, Func<object, object?>, Array>>();
                return new Column(row =>
                {
                    var value = getter.GetClrValue(row);
                    return value is not null && converter is not null ? converter.ConvertToProvider(value) : value;
                }, mapping, arrays);
            }).ToList();
            var names = string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(store)}\""));
            return new Table($"INSERT INTO \"{name}\" ({names}) SELECT * FROM unnest({string.Join(", ", properties.Select((_, i) => $"${i + 1}"))})",
                $"INSERT INTO \"{name}\" ({names}) VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})", columns);
        });
    }
}
