import AWSClients

/// Reads byte ranges of one revision of one S3 object: the DICOM header and frame reads of
/// ValidateMetadata and PrepareTensors.
///
/// Every read after the first is pinned to the version the first returned (or the version the
/// caller names); on an unversioned bucket an ETag that changes between two reads stops with
/// `SupersededRevision`, so bytes of two uploads are never mixed.
public struct ObjectRangeReader {
    /// The client.
    public let s3: S3Client
    /// The bucket.
    public let bucket: String
    /// The key.
    public let key: String
    /// No read starts after it.
    public let deadline: Deadline
    /// The first response's metadata, once a read was made.
    public private(set) var firstResponse: ObjectMetadata?
    private var version: String?
    private var eTag: String?

    /// Creates a reader; `versionID` pins even the first read.
    public init(s3: S3Client, bucket: String, key: String, versionID: String? = nil, deadline: Deadline) {
        self.s3 = s3
        self.bucket = bucket
        self.key = key
        self.deadline = deadline
        version = versionID
    }

    /// The bytes of `range` that exist (fewer at the object's end) and the object's size.
    ///
    /// - Parameter checkFirst: Runs on the first response's metadata (a revision check).
    /// - Throws: `S3Error`, `PipelineError.supersededRevision`, or `checkFirst`'s error.
    public mutating func read(_ range: Range<Int>, checkFirst: (ObjectMetadata) throws -> Void = { _ in }) throws -> (
        bytes: [UInt8], objectSize: Int?
    ) {
        guard !range.isEmpty else { return ([], nil) }
        let object = try s3.getObject(
            bucket: bucket, key: key, maximumBytes: range.count, range: .closed(range.lowerBound...(range.upperBound - 1)),
            versionID: version, deadline: deadline)
        let readETag = (object.metadata.eTag ?? "").filter { $0 != "\"" }
        if let eTag {
            guard readETag == eTag else { throw PipelineError.supersededRevision(newerExecution: nil) }
        } else {
            try checkFirst(object.metadata)
            firstResponse = object.metadata
            eTag = readETag
            version = version ?? object.metadata.versionID
        }
        return (object.body, object.metadata.completeLength)
    }
}
