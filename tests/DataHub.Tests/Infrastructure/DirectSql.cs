using System.Data.Common;

namespace DataHub.Tests.Infrastructure;

/// <summary>Reads a database straight, beside the hub, to compare what the hub answers with what the database holds.</summary>
public static class DirectSql
{
    /// <summary>The first column of <paramref name="sql"/>'s rows as text (NULL as ""), on an open or closed connection.</summary>
    public static List<string> Column(DbConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            connection.Open();
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
