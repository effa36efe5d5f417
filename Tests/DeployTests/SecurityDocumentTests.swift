import AWSClients
import CurlHTTP
import Foundation
import Imaging
import LambdaEmulator
import LambdaRuntime
import StudyMetadata
import Testing

/// docs/SECURITY.md's limits table against the public constants that enforce the limits, so the
/// document cannot drift from the code silently. Each checked row names its constant in the first
/// column and gives the default as an exact integer in backticks in the second.
struct SecurityDocumentTests {
    static let path = "\(DeployFiles.root)/docs/SECURITY.md"

    /// The cells of every Markdown table row in `text` (header and separator rows included).
    static func tableRows(in text: String) -> [[String]] {
        text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("|"), trimmed.hasSuffix("|"), trimmed.count > 1 else { return nil }
            return trimmed.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// The first backticked whole number in `cell` (`67108864` in "`67108864` (64 MiB)").
    static func firstInteger(in cell: String) -> Int? {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().lazy
            .filter { $0.offset % 2 == 1 }
            .compactMap { Int($0.element) }
            .first
    }

    /// The default documented for the row whose first cell mentions `constant` in backticks.
    static func documentedDefault(of constant: String, rows: [[String]]) -> Int? {
        rows.first { $0.count >= 2 && $0[0].contains("`\(constant)`") }.flatMap { firstInteger(in: $0[1]) }
    }

    static let constants: [(name: String, value: Int)] = [
        ("ImageLimits.maximumInputBytes", ImageLimits.default.maximumInputBytes),
        ("ImageLimits.maximumDimension", ImageLimits.default.maximumDimension),
        ("ImageLimits.maximumPixels", ImageLimits.default.maximumPixels),
        ("ImageLimits.maximumDecodedBytes", ImageLimits.default.maximumDecodedBytes),
        ("ImageLimits.maximumDecoderMemoryBytes", ImageLimits.default.maximumDecoderMemoryBytes),
        ("MetadataPolicy.maximumBytes", MetadataPolicy().maximumBytes),
        ("MetadataPolicy.maximumDepth", MetadataPolicy().maximumDepth),
        ("S3Client.maximumKeyBytes", S3Client.maximumKeyBytes),
        ("KinesisClient.maximumRecordsPerRequest", KinesisClient.maximumRecordsPerRequest),
        ("KinesisClient.maximumRequestBytes", KinesisClient.maximumRequestBytes),
        ("KinesisClient.maximumRecordBytes", KinesisClient.maximumRecordBytes),
        ("KinesisClient.partitionKeyLengths", KinesisClient.partitionKeyLengths.upperBound),
        ("CurlHTTPClient.Configuration.maximumResponseBytes", CurlHTTPClient.Configuration().maximumResponseBytes),
        ("RuntimeAPIClient.maximumEventBytes", RuntimeAPIClient.maximumEventBytes),
        ("LambdaLimits.maximumRequestBytes", LambdaLimits.maximumRequestBytes),
        ("LambdaLimits.maximumAsynchronousRequestBytes", LambdaLimits.maximumAsynchronousRequestBytes),
        ("LambdaLimits.maximumResponseBytes", LambdaLimits.maximumResponseBytes),
    ]

    @Test(arguments: constants.map(\.name))
    func limitsTableStatesTheCodesDefault(constant: String) throws {
        let rows = Self.tableRows(in: try DeployFiles.text(Self.path))
        let expected = try #require(Self.constants.first { $0.name == constant }?.value)
        let documented = Self.documentedDefault(of: constant, rows: rows)
        #expect(
            documented == expected,
            "docs/SECURITY.md gives \(constant) as \(documented.map(String.init) ?? "nothing"); the code says \(expected)")
    }

    @Test func parserReadsTheDefaultCellOfTheNamedRow() {
        let rows = Self.tableRows(
            in: """
                | limit | default |
                | --- | --- |
                | `A.b` | `12` (twelve), not `13` |
                | `A.bc` | 7 without backticks |
                """)
        #expect(Self.documentedDefault(of: "A.b", rows: rows) == 12)
        #expect(Self.documentedDefault(of: "A.bc", rows: rows) == nil)
        #expect(Self.documentedDefault(of: "A.missing", rows: rows) == nil)
    }
}
