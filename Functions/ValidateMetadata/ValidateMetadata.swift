import AWSClients
import DICOM
import DICOMStudyMetadata
import LambdaRuntime
import Logging
import PipelineModel
import StudyMetadata

/// Stage 1: reads a study's metadata — a JSON sidecar (inline, or from S3 by reference) or a
/// DICOM object's header (ranged reads, never the pixel data) — checks it, applies the
/// patient-identifier policy and returns normalised metadata. A sidecar that names a DICOM
/// image must agree with that image's header.
///
/// Configuration (docs/functions.md): `IMAGES_BUCKETS` (allow-list), `METADATA_STRICT`,
/// `PHI_POLICY` (`reject` | `pseudonymize`), `PHI_HMAC_KEY_SECRET_ARN` (the key's secret, read
/// once at initialisation; `PHI_HMAC_KEY` hex for local development), `SIDECAR_MAX_BYTES`,
/// `DICOM_HEADER_MAX_BYTES` (default 16 MiB), `ALLOW_BURNED_IN_ANNOTATION` (default false),
/// `SITE_UTC_OFFSET` (`+HHMM`/`-HHMM`, for DICOM times that carry no offset).
struct ValidateMetadata: LambdaHandler {
    let validator: MetadataValidator
    let dicomReader: DICOMStudyReader
    let headerReader: DICOMHeaderReader
    let allowedBuckets: BucketAllowList
    let s3: S3Client

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(
            lookup: environment,
            names: [
                "IMAGES_BUCKETS", "METADATA_STRICT", "PHI_POLICY", "PHI_HMAC_KEY_SECRET_ARN", "PHI_HMAC_KEY_VERSION_STAGE", "PHI_HMAC_KEY",
                "SIDECAR_MAX_BYTES", "DICOM_HEADER_MAX_BYTES", "ALLOW_BURNED_IN_ANNOTATION", "SITE_UTC_OFFSET",
            ]
        )
        let identifiers: MetadataPolicy.PatientIdentifiers
        switch try settings.choice("PHI_POLICY", default: "reject", among: ["reject", "pseudonymize"]) {
        case "pseudonymize":
            guard let key = try RuntimeSecret.pseudonymKey(settings, configuration: { try AWSConfiguration.fromEnvironment(environment) })
            else {
                throw PipelineError.invalidConfiguration(
                    variable: "PHI_HMAC_KEY_SECRET_ARN", problem: "must name the key's secret when PHI_POLICY=pseudonymize")
            }
            identifiers = .pseudonymize(key: key)
        default:
            // A key under `reject` is never used: most likely the policy was meant to be
            // pseudonymize, and studies would fail as PHIDetected instead of being pseudonymised.
            guard settings.string("PHI_HMAC_KEY") == nil else {
                throw PipelineError.invalidConfiguration(
                    variable: "PHI_HMAC_KEY", problem: "is set but PHI_POLICY is reject; unset one of them")
            }
            identifiers = .reject
        }
        validator = MetadataValidator(
            policy: MetadataPolicy(
                rejectsUnknownFields: try settings.bool("METADATA_STRICT", default: true),
                patientIdentifiers: identifiers,
                maximumBytes: try settings.integer("SIDECAR_MAX_BYTES", default: 64 * 1024, in: 1024...(1 << 20))
            ))
        var siteOffset: Int?
        if let text = settings.string("SITE_UTC_OFFSET") {
            guard let minutes = DICOMHeaderPolicy.utcOffsetMinutes(text) else {
                throw PipelineError.invalidConfiguration(
                    variable: "SITE_UTC_OFFSET", problem: "must be a UTC offset +HHMM or -HHMM between -1200 and +1400")
            }
            siteOffset = minutes
        }
        dicomReader = DICOMStudyReader(
            policy: DICOMHeaderPolicy(
                patientIdentifiers: identifiers,
                allowsBurnedInAnnotation: try settings.bool("ALLOW_BURNED_IN_ANNOTATION", default: false),
                siteUTCOffsetMinutes: siteOffset))
        headerReader = DICOMHeaderReader(
            maximumBytes: try settings.integer("DICOM_HEADER_MAX_BYTES", default: 16 << 20, in: (64 << 10)...(256 << 20)))
        allowedBuckets = try BucketAllowList(settings, variable: "IMAGES_BUCKETS")
        s3 = S3Client(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    func handle(_ request: ValidateMetadataRequest, context: LambdaContext) throws -> ValidatedStudy {
        try allowedBuckets.check(request.bucket)
        let deadline = Deadline.after(context.remainingTime - .milliseconds(500))
        let metadata: StudyMetadata
        var headerBytes: Int?
        switch (request.objectKey, request.sidecar) {
        case (let key?, nil):
            guard ObjectKeyRules.isSafe(key), let kind = SubmittedObjectKind(fileName: key) else {
                throw PipelineError.invalidRequest("objectKey must be a safe S3 key ending in .json or .dcm")
            }
            switch kind {
            case .sidecar:
                let sidecar = try s3.getObject(
                    bucket: request.bucket, key: key, maximumBytes: validator.policy.maximumBytes, deadline: deadline)
                if let submission = request.submission {
                    try requireRevision(of: submission, read: sidecar.metadata, bucket: request.bucket, key: key)
                }
                let described = try validator.validate(sidecar.body, expectedImageKey: nil)
                try requireSameFolder(imageKey: described.image.key, sidecarKey: key)
                if described.image.contentType == "application/dicom" {
                    let image = try header(bucket: request.bucket, key: described.image.key, submission: nil, deadline: deadline)
                    metadata = try dicomReader.requireAgreement(sidecar: described, header: image.metadata)
                    headerBytes = image.bytesRead
                } else {
                    metadata = described
                }
            case .dicom:
                (metadata, headerBytes) = try header(bucket: request.bucket, key: key, submission: request.submission, deadline: deadline)
            }
        case (nil, let document?):
            metadata = try validator.validate(document: document)
        default:
            throw PipelineError.invalidRequest("give exactly one of objectKey and sidecar")
        }
        var logged: Logger.Metadata = ["modality": "\(metadata.modality)", "bodyPart": "\(metadata.bodyPart)"]
        if let headerBytes { logged["headerBytes"] = "\(headerBytes)" }
        context.logger.info("metadata valid", metadata: logged)
        return ValidatedStudy(imageBucket: request.bucket, metadata: metadata, elapsedMilliseconds: context.elapsedMilliseconds)
    }

    /// A DICOM object's header as study metadata: ranged reads of the object's start (one
    /// revision: ``ObjectRangeReader``; the submission's when given), growing until Pixel Data;
    /// the header's values go through ``DICOMStudyReader``'s policy and nowhere else.
    private func header(bucket: String, key: String, submission: SubmissionReference?, deadline: Deadline) throws
        -> (metadata: StudyMetadata, bytesRead: Int)
    {
        var object = ObjectRangeReader(s3: s3, bucket: bucket, key: key, versionID: submission?.versionID, deadline: deadline)
        let header = try headerReader.read { range in
            let (bytes, size) = try object.read(range) { first in
                if let submission { try requireRevision(of: submission, read: first, bucket: bucket, key: key) }
            }
            return DICOMHeaderReader.Chunk(bytes: bytes, objectSize: size)
        }
        return (try dicomReader.metadata(of: header.file, imageKey: key), header.bytes.count)
    }

    /// The bytes read must be the revision the execution was started for. The check uses the
    /// version id and ETag of the same response as the body, so no upload can slip in between.
    /// A newer revision is its own submission (StartStudy started its execution); this one
    /// stops with `SupersededRevision` and its failure record names the newer execution.
    private func requireRevision(of submission: SubmissionReference, read: ObjectMetadata, bucket: String, key: String) throws {
        let readETag = (read.eTag ?? "").filter { $0 != "\"" }
        let same =
            if let version = submission.versionID { read.versionID == version } else { readETag == submission.eTag }
        guard !same else { return }
        let newer = StudySubmission(bucket: bucket, objectKey: key, eTag: readETag, versionID: read.versionID, sequencer: nil)
        throw PipelineError.supersededRevision(newerExecution: newer?.executionName)
    }

    /// A sidecar may only describe an image of its own study folder: it cannot send the
    /// pipeline to another study's image.
    private func requireSameFolder(imageKey: String, sidecarKey: String) throws(MetadataError) {
        func folder(_ key: String) -> Substring { key[..<(key.lastIndex(of: "/") ?? key.startIndex)] }
        guard folder(imageKey) == folder(sidecarKey) else {
            throw .invalid([MetadataViolation(path: "$.image.key", problem: "is not in the sidecar's folder")])
        }
    }
}

extension DICOMError: LambdaFunctionError {}
