#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A study submitted by uploading its sidecar: what the images bucket's EventBridge
/// `Object Created` event says about `images/<study>/<file>.json`, and the execution it starts.
///
/// The execution name is derived from the event, never random: `study-<study>-<etag>` (the first
/// 12 hex digits of the sidecar's ETag). A duplicated delivery of the same event (EventBridge and
/// SQS are at least once) names the same execution, which Step Functions refuses with
/// `ExecutionAlreadyExists`, so it never starts a second one; a corrected sidecar (new bytes, new
/// ETag) starts a new execution with its own result.
public struct StudySubmission: Sendable, Equatable {
    /// The images bucket.
    public var bucket: String
    /// The sidecar's key, `images/<study>/<file>.json`.
    public var sidecarKey: String
    /// The study folder's name.
    public var study: String
    /// The sidecar's ETag, hex digits only (quotes and a multipart `-N` suffix removed).
    public var sidecarETag: String

    /// The longest study folder name: keeps the execution name within Step Functions' 80.
    public static let maximumStudyLength = 60

    /// Creates a submission; `nil` unless `sidecarKey` is `images/<study>/<file>.json` with a
    /// study of 1–60 of `A–Z a–z 0–9 - _` and an ETag holding at least 12 hex digits.
    public init?(bucket: String, sidecarKey: String, eTag: String) {
        let parts = sidecarKey.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "images", parts[2].hasSuffix(".json"), parts[2].count > ".json".count,
            (1...Self.maximumStudyLength).contains(parts[1].utf8.count), ExecutionName.isValid(String(parts[1]))
        else { return nil }
        let digits = (eTag.split(separator: "-").first.map(String.init) ?? "").filter(\.isHexDigit).lowercased()
        guard digits.count >= 12 else { return nil }
        self.bucket = bucket
        self.sidecarKey = sidecarKey
        study = String(parts[1])
        sidecarETag = digits
    }

    /// Reads an EventBridge S3 `Object Created` event (`detail.bucket.name`, `detail.object.key`,
    /// `detail.object.etag` — EventBridge spells it `etag`); `nil` for any other document.
    public init?(eventBridgeEvent: [UInt8]) {
        struct Event: Decodable {
            struct Detail: Decodable {
                struct Bucket: Decodable { var name: String }
                struct Object: Decodable {
                    var key: String
                    var etag: String?
                    var eTag: String?
                }
                var bucket: Bucket
                var object: Object
            }
            var source: String?
            var detail: Detail
        }
        guard let event = try? JSONDecoder().decode(Event.self, from: Data(eventBridgeEvent)), event.source == "aws.s3",
            let eTag = event.detail.object.etag ?? event.detail.object.eTag
        else { return nil }
        self.init(bucket: event.detail.bucket.name, sidecarKey: event.detail.object.key, eTag: eTag)
    }

    /// `study-<study>-<first 12 hex digits of the ETag>`: at most 79 characters.
    public var executionName: String { "study-\(study)-\(sidecarETag.prefix(12))" }

    /// The state machine's input: what ValidateMetadata's state reads.
    public var executionInput: ValidateMetadataRequest { ValidateMetadataRequest(bucket: bucket, sidecarKey: sidecarKey) }
}
