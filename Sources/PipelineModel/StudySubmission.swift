import Digests

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A study submitted by uploading its sidecar: what the images bucket's EventBridge
/// `Object Created` event says about `images/<study>/<file>.json`, and the execution it starts.
///
/// A submission is one upload of a sidecar: one S3 object *version* (`detail.object.version-id`;
/// the deployment turns versioning on), or, on a bucket without versioning, one event
/// (`detail.object.sequencer`, which S3 makes unique per key and write). Both are the same in a
/// duplicated delivery of the event (EventBridge and SQS are at least once) and differ on every
/// upload, even of the same bytes — so a re-upload is a new submission (reprocessing, see
/// docs/deploy.md) and a redelivery is not.
///
/// Everything derived from it — the execution name and the record's key — is a digest
/// (``id``): the study folder's name is chosen by the uploader and may carry identifiers, so it
/// never reaches an execution name, a key, Kinesis, the telemetry table or a log line.
public struct StudySubmission: Sendable, Equatable {
    /// The images bucket.
    public var bucket: String
    /// The sidecar's key, `images/<study>/<file>.json`.
    public var sidecarKey: String
    /// The sidecar's ETag, without quotes.
    public var sidecarETag: String
    /// The sidecar's version id, when the bucket is versioned.
    public var sidecarVersionID: String?
    /// What tells this upload from any other: `version:<id>` or `sequencer:<hex>`.
    public var uploadIdentity: String

    /// Creates a submission; `nil` unless `sidecarKey` is `images/<study>/<file>.json` (a study
    /// folder other than `.` and `..`, with no control character) and the upload is identified
    /// by a version id or, on an unversioned bucket, a sequencer.
    public init?(bucket: String, sidecarKey: String, eTag: String, versionID: String?, sequencer: String?) {
        let parts = sidecarKey.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "images", parts[2].hasSuffix(".json"), parts[2].count > ".json".count,
            !parts[1].isEmpty, parts[1] != ".", parts[1] != "..",
            !parts[1].unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        // S3 writes the version id `null` for objects stored while versioning was off.
        if let versionID, !versionID.isEmpty, versionID != "null" {
            uploadIdentity = "version:\(versionID)"
        } else if let sequencer, !sequencer.isEmpty {
            uploadIdentity = "sequencer:\(sequencer)"
        } else {
            return nil
        }
        self.bucket = bucket
        self.sidecarKey = sidecarKey
        sidecarETag = eTag.filter { $0 != "\"" }
        sidecarVersionID = versionID.flatMap { $0.isEmpty || $0 == "null" ? nil : $0 }
    }

    /// Reads an EventBridge S3 `Object Created` event (`detail.bucket.name`, `detail.object.key`,
    /// `.etag`, `.version-id`, `.sequencer`); `nil` for any other document.
    public init?(eventBridgeEvent: [UInt8]) {
        struct Event: Decodable {
            struct Detail: Decodable {
                struct Bucket: Decodable { var name: String }
                struct Object: Decodable {
                    var key: String
                    var etag: String?
                    var eTag: String?
                    var versionID: String?
                    var sequencer: String?

                    enum CodingKeys: String, CodingKey {
                        case key, etag, eTag, sequencer
                        case versionID = "version-id"
                    }
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
        let object = event.detail.object
        self.init(
            bucket: event.detail.bucket.name, sidecarKey: object.key, eTag: eTag, versionID: object.versionID,
            sequencer: object.sequencer)
    }

    /// The submission's id, `sub-` and 32 hex digits: the first 128 bits of SHA-256 over the
    /// bucket, the key and the upload's identity (NUL-separated, so no two triples collide by
    /// concatenation). Names the execution and the record.
    public var id: String {
        let material = Array("\(bucket)\u{0}\(sidecarKey)\u{0}\(uploadIdentity)".utf8)
        return "sub-" + Digests.hex(Array(Digests.sha256(material).prefix(16)))
    }

    /// The execution's name: the submission's ``id`` (36 characters of `a–z 0–9 -`).
    public var executionName: String { id }

    /// The state machine's input: where the sidecar is and which submission it is.
    public var executionInput: StudyExecutionInput {
        StudyExecutionInput(
            bucket: bucket, sidecarKey: sidecarKey,
            submission: SubmissionReference(id: id, sidecarETag: sidecarETag, sidecarVersionID: sidecarVersionID))
    }
}

/// Which submission an execution processes: carried in the execution's input, in the pipeline
/// state, and in the record, whose key it names.
public struct SubmissionReference: Codable, Sendable, Equatable {
    /// ``StudySubmission/id``.
    public var id: String
    /// The sidecar's ETag when it was uploaded, without quotes.
    public var sidecarETag: String
    /// The sidecar's version id, when the bucket is versioned.
    public var sidecarVersionID: String?

    /// Creates a reference.
    public init(id: String, sidecarETag: String, sidecarVersionID: String? = nil) {
        self.id = id
        self.sidecarETag = sidecarETag
        self.sidecarVersionID = sidecarVersionID
    }
}

/// The state machine's input, as StartStudy writes it.
public struct StudyExecutionInput: Codable, Sendable, Equatable {
    /// The images bucket.
    public var bucket: String
    /// The sidecar's key.
    public var sidecarKey: String
    /// The submission.
    public var submission: SubmissionReference

    /// Creates an input.
    public init(bucket: String, sidecarKey: String, submission: SubmissionReference) {
        self.bucket = bucket
        self.sidecarKey = sidecarKey
        self.submission = submission
    }
}
