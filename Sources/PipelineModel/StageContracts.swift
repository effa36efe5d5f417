import StudyMetadata

/// ValidateMetadata's input: where the sidecar is (by reference), or the sidecar itself.
///
/// The state machine passes the EventBridge "Object Created" detail's bucket and key as
/// `bucket` and `sidecarKey`; tools and tests may inline the sidecar instead.
public struct ValidateMetadataRequest: Codable, Sendable, Equatable {
    /// The images bucket.
    public var bucket: String
    /// The sidecar's object key (`images/<study>/<file>.json`), read from `bucket`.
    public var sidecarKey: String?
    /// The sidecar document, when sent inline.
    public var sidecar: JSONValue?

    /// Creates a request.
    public init(bucket: String, sidecarKey: String? = nil, sidecar: JSONValue? = nil) {
        self.bucket = bucket
        self.sidecarKey = sidecarKey
        self.sidecar = sidecar
    }
}

/// ValidateMetadata's output and PrepareTensors' input: a validated study and where its image is.
public struct ValidatedStudy: Codable, Sendable, Equatable {
    /// The bucket holding the image.
    public var imageBucket: String
    /// The normalised metadata (never holds a direct patient identifier).
    public var metadata: StudyMetadata

    /// Creates a validated study.
    public init(imageBucket: String, metadata: StudyMetadata) {
        self.imageBucket = imageBucket
        self.metadata = metadata
    }
}
