import Foundation
import Testing

/// deploy/athena/*.sql name only columns of the Glue table (or their own aliases), so a renamed
/// TelemetryEvent field breaks this test before it breaks a dashboard query.
@Suite struct AthenaQueryTests {
    /// Every SQL word the queries use that is not a column, alias or table. A new keyword or
    /// function goes here; a misspelt column does not.
    static let vocabulary: Set<String> = [
        "with", "as", "select", "from", "where", "and", "or", "not", "is", "null", "group", "by", "order", "desc", "asc",
        "limit", "having", "case", "when", "then", "else", "end", "over", "partition", "interval", "day", "hour",
        "current_date", "cast", "varchar", "row_number", "count", "count_if", "max", "min", "round", "approx_percentile",
        "date", "date_trunc", "from_iso8601_timestamp", "coalesce", "arbitrary",
    ]
    static let tables: Set<String> = ["events"]

    /// Identifiers of a query: quoted ones kept as written, unquoted ones lower-cased; comments
    /// and string literals removed.
    static func identifiers(in sql: String) -> (quoted: [String], unquoted: [String], aliases: Set<String>) {
        var text = sql.replacing(/--[^\n]*/, with: "")
        text = text.replacing(/'[^']*'/, with: "''")
        let quoted = text.matches(of: /"([^"]+)"/).map { String($0.1) }
        text = text.replacing(/"[^"]+"/, with: " ")
        let words = text.matches(of: /[A-Za-z_][A-Za-z0-9_]*/).map { String($0.0).lowercased() }
        let aliases = Set(text.matches(of: /(?i)\bas\s+([A-Za-z_][A-Za-z0-9_]*)/).map { String($0.1).lowercased() })
        // A CTE name: `WITH name AS (`.
        let ctes = Set(text.matches(of: /(?i)\bwith\s+([A-Za-z_][A-Za-z0-9_]*)\s+as\s*\(/).map { String($0.1).lowercased() })
        return (quoted, words, aliases.union(ctes))
    }

    static func unknownNames(in sql: String, columns: Set<String>) -> [String] {
        let (quoted, words, aliases) = identifiers(in: sql)
        let known = columns.union(vocabulary).union(tables).union(aliases)
        let unknownWords = words.filter { !known.contains($0) && !$0.allSatisfy(\.isNumber) }
        return quoted.filter { !columns.contains($0.lowercased()) } + unknownWords
    }

    @Test func queriesReferenceOnlyTelemetryColumns() throws {
        let columns = Set((try DeployFiles.templateFacts()["glueColumns"] as? [[String: String]] ?? []).compactMap { $0["name"] }).union([
            "dt"
        ])
        #expect(columns.count == 13)
        let files = try DeployFiles.files(in: DeployFiles.athenaFolder, endingIn: ".sql")
        #expect(files.count >= 4)
        for file in files {
            let unknown = Self.unknownNames(in: try DeployFiles.text(file), columns: columns)
            #expect(unknown.isEmpty, "\(URL(fileURLWithPath: file).lastPathComponent) names \(Set(unknown).sorted())")
            // Every query deduplicates on eventid (at-least-once delivery).
            #expect(try DeployFiles.text(file).contains("PARTITION BY eventid"), "\(file)")
        }
    }

    @Test func checkerFlagsAMisspeltColumn() {
        let columns: Set<String> = ["stage", "elapsedmilliseconds", "timestamp"]
        #expect(Self.unknownNames(in: #"SELECT stage, elapsedms FROM events WHERE "timestamp" > ''"#, columns: columns) == ["elapsedms"])
        #expect(Self.unknownNames(in: #"SELECT "Stage " FROM events"#, columns: columns) == ["Stage "])
        #expect(Self.unknownNames(in: "SELECT max(stage) AS top FROM events ORDER BY top", columns: columns) == [])
    }
}
