import Digests

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A study submitted by uploading it: what the images bucket's EventBridge `Object Created`
/// event says about `images/<study>/<file>.json` (a JSON sidecar naming a JPEG, PNG or DICOM
/// image) or `images/<study>/<file>.dcm` (a DICOM Part 10 object, which carries its own
/// metadata), and the execution it starts.
///
/// A submission is one upload of that object: one S3 object *version* (`detail.object.version-id`;
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
    /// The uploaded object's key: `images/<study>/<file>.json` or `images/<study>/<file>.dcm`.
    public var objectKey: String
    /// What was uploaded, from the key's extension.
    public var kind: SubmittedObjectKind
    /// The object's ETag, without quotes.
    public var eTag: String
    /// The object's version id, when the bucket is versioned.
    public var versionID: String?
    /// What tells this upload from any other: `version:<id>` or `sequencer:<hex>`.
    public var uploadIdentity: String

    /// Creates a submission; `nil` unless `objectKey` is `images/<study>/<file>.json` or
    /// `images/<study>/<file>.dcm` (a study folder other than `.` and `..`, with no control
    /// character; a file name longer than its extension) and the upload is identified by a
    /// version id or, on an unversioned bucket, a sequencer.
    public init?(bucket: String, objectKey: String, eTag: String, versionID: String?, sequencer: String?) {
        let parts = objectKey.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "images", let kind = SubmittedObjectKind(fileName: parts[2]),
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
        self.objectKey = objectKey
        self.kind = kind
        self.eTag = eTag.filter { $0 != "\"" }
        self.versionID = versionID.flatMap { $0.isEmpty || $0 == "null" ? nil : $0 }
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
            bucket: event.detail.bucket.name, objectKey: object.key, eTag: eTag, versionID: object.versionID,
            sequencer: object.sequencer)
    }

    /// The submission's id, `sub-` and 32 hex digits: the first 128 bits of SHA-256 over the
    /// bucket, the key and the upload's identity (NUL-separated, so no two triples collide by
    /// concatenation). Names the execution and the record.
    public var id: String {
        let material = Array("\(bucket)\u{0}\(objectKey)\u{0}\(uploadIdentity)".utf8)
        return "sub-" + Digests.hex(Array(Digests.sha256(material).prefix(16)))
    }

    /// The execution's name: the submission's ``id`` (36 characters of `a–z 0–9 -`).
    public var executionName: String { id }

    /// The state machine's input: where the uploaded object is and which submission it is.
    public var executionInput: StudyExecutionInput {
        StudyExecutionInput(
            bucket: bucket, objectKey: objectKey,
            submission: SubmissionReference(id: id, eTag: eTag, versionID: versionID))
    }
}

/// What a submission's upload is.
public enum SubmittedObjectKind: String, Codable, Sendable, Equatable {
    /// A JSON sidecar (`.json`) describing the study and naming its image.
    case sidecar
    /// A DICOM Part 10 object (`.dcm`): its header is the study's metadata, its pixel data the image.
    case dicom

    /// The kind a file name's extension says (`.json`, `.dcm`; case-sensitive, as the
    /// EventBridge rule's wildcards are), or `nil` for any other name or a bare extension.
    public init?(fileName: some StringProtocol) {
        if fileName.hasSuffix(".json"), fileName.count > ".json".count {
            self = .sidecar
        } else if fileName.hasSuffix(".dcm"), fileName.count > ".dcm".count {
            self = .dicom
        } else {
            return nil
        }
    }
}

/// Which submission an execution processes: carried in the execution's input, in the pipeline
/// state, and in the record, whose key it names.
public struct SubmissionReference: Codable, Sendable, Equatable {
    /// ``StudySubmission/id``.
    public var id: String
    /// The uploaded object's ETag, without quotes.
    public var eTag: String
    /// The uploaded object's version id, when the bucket is versioned.
    public var versionID: String?

    /// Creates a reference.
    public init(id: String, eTag: String, versionID: String? = nil) {
        self.id = id
        self.eTag = eTag
        self.versionID = versionID
    }
}

/// The state machine's input, as StartStudy writes it.
public struct StudyExecutionInput: Codable, Sendable, Equatable {
    /// The images bucket.
    public var bucket: String
    /// The uploaded object's key: a sidecar (`.json`) or a DICOM object (`.dcm`).
    public var objectKey: String
    /// The submission.
    public var submission: SubmissionReference

    /// Creates an input.
    public init(bucket: String, objectKey: String, submission: SubmissionReference) {
        self.bucket = bucket
        self.objectKey = objectKey
        self.submission = submission
    }
}
