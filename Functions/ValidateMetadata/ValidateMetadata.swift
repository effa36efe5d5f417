import AWSClients
import LambdaRuntime
import PipelineModel
import StudyMetadata

/// Stage 1: reads a study's JSON sidecar (inline, or from S3 by reference), checks it against
/// the schema, applies the patient-identifier policy and returns normalised metadata.
///
/// Configuration (docs/functions.md): `IMAGES_BUCKETS` (allow-list), `METADATA_STRICT`,
/// `PHI_POLICY` (`reject` | `pseudonymize`), `PHI_HMAC_KEY_SECRET_ARN` (the key's secret, read
/// once at initialisation; `PHI_HMAC_KEY` hex for local development), `SIDECAR_MAX_BYTES`.
struct ValidateMetadata: LambdaHandler {
    let validator: MetadataValidator
    let allowedBuckets: BucketAllowList
    let s3: S3Client

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(
            lookup: environment,
            names: [
                "IMAGES_BUCKETS", "METADATA_STRICT", "PHI_POLICY", "PHI_HMAC_KEY_SECRET_ARN", "PHI_HMAC_KEY_VERSION_STAGE", "PHI_HMAC_KEY",
                "SIDECAR_MAX_BYTES",
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
        allowedBuckets = try BucketAllowList(settings, variable: "IMAGES_BUCKETS")
        s3 = S3Client(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    func handle(_ request: ValidateMetadataRequest, context: LambdaContext) throws -> ValidatedStudy {
        try allowedBuckets.check(request.bucket)
        let metadata: StudyMetadata
        switch (request.sidecarKey, request.sidecar) {
        case (let key?, nil):
            guard ObjectKeyRules.isSafe(key), key.hasSuffix(".json") else {
                throw PipelineError.invalidRequest("sidecarKey must be a safe S3 key ending in .json")
            }
            let sidecar = try s3.getObject(
                bucket: request.bucket,
                key: key,
                maximumBytes: validator.policy.maximumBytes,
                deadline: .after(context.remainingTime - .milliseconds(500))
            )
            if let submission = request.submission {
                try requireRevision(of: submission, read: sidecar.metadata, bucket: request.bucket, key: key)
            }
            metadata = try validator.validate(sidecar.body, expectedImageKey: nil)
            try requireSameFolder(imageKey: metadata.image.key, sidecarKey: key)
        case (nil, let document?):
            metadata = try validator.validate(document: document)
        default:
            throw PipelineError.invalidRequest("give exactly one of sidecarKey and sidecar")
        }
        context.logger.info("sidecar valid", metadata: ["modality": "\(metadata.modality)", "bodyPart": "\(metadata.bodyPart)"])
        return ValidatedStudy(imageBucket: request.bucket, metadata: metadata, elapsedMilliseconds: context.elapsedMilliseconds)
    }

    /// The bytes read must be the revision the execution was started for. The check uses the
    /// version id and ETag of the same response as the body, so no upload can slip in between.
    /// A newer revision is its own submission (StartStudy started its execution); this one
    /// stops with `SupersededRevision` and its failure record names the newer execution.
    private func requireRevision(of submission: SubmissionReference, read: ObjectMetadata, bucket: String, key: String) throws {
        let readETag = (read.eTag ?? "").filter { $0 != "\"" }
        let same =
            if let version = submission.sidecarVersionID { read.versionID == version } else { readETag == submission.sidecarETag }
        guard !same else { return }
        let newer = StudySubmission(bucket: bucket, sidecarKey: key, eTag: readETag, versionID: read.versionID, sequencer: nil)
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
