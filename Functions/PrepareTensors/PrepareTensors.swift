import AWSClients
import ArrivingBytes
import CurlHTTP
import DICOM
import Digests
import Imaging
import LambdaRuntime
import PipelineModel
import TensorPreparation

/// Stage 2: reads the study's image from S3, decodes it natively (DICOM, libjpeg-turbo, libpng),
/// resizes and normalises it into the model's input tensor, and stores the tensor under a
/// content address (`tensors/<study>/<sha256>.bin`, write-once, encrypted).
///
/// Configuration: `TENSORS_BUCKET` (required), `TENSORS_PREFIX` (default `tensors/`),
/// `IMAGES_BUCKETS` (allow-list), `IMAGE_MAX_BYTES` (default 64 MiB), `TENSORS_KMS_KEY_ID`
/// (SSE-KMS; default SSE-S3), `TENSOR_MAX_BYTES` (RunInference's limit, checked against the
/// model input at initialisation), `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` (set by Lambda; sizes the
/// decoder's memory limit), and the model's preprocessing (`MODEL_*`, docs/imaging.md).
struct PrepareTensors: LambdaHandler {
    let tensorsBucket: String
    let prefix: String
    let allowedBuckets: BucketAllowList
    let maximumImageBytes: Int
    let encryption: ServerSideEncryption
    let preparer: TensorPreparer
    let s3: S3Client

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(
            lookup: environment,
            names: [
                "TENSORS_BUCKET", "TENSORS_PREFIX", "IMAGES_BUCKETS", "IMAGE_MAX_BYTES", "TENSORS_KMS_KEY_ID",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "TENSOR_MAX_BYTES",
            ]
        )
        guard let bucket = try settings.bucketName("TENSORS_BUCKET") else {
            throw PipelineError.invalidConfiguration(variable: "TENSORS_BUCKET", problem: "is required")
        }
        tensorsBucket = bucket
        prefix = try settings.keyPrefix("TENSORS_PREFIX", default: "tensors/")
        allowedBuckets = try BucketAllowList(settings, variable: "IMAGES_BUCKETS")
        maximumImageBytes = try settings.integer("IMAGE_MAX_BYTES", default: 64 << 20, in: 1024...(512 << 20))
        encryption = try settings.kmsKeyID("TENSORS_KMS_KEY_ID").map { .kms(keyID: $0) } ?? .s3Managed
        var variables: [String: String] = [:]
        for name in PreprocessingEnvironment.all {
            if let value = environment(name) { variables[name] = value }
        }
        // Lambda sets the memory size; the decoder's working memory is sized from it so a
        // progressive or CMYK bomb is refused instead of killing the function.
        let memory = try settings.integer("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", default: 1024, in: 128...10_240)
        var limits = ImageLimits(functionMemoryMegabytes: memory)
        limits.maximumInputBytes = maximumImageBytes
        // A warm environment reuses its image-sized buffers instead of faulting them in again.
        AllocatorTuning.keepFreedBuffersForReuse()
        preparer = try TensorPreparer(configuration: PreprocessingConfiguration(environment: variables), limits: limits)
        // RunInference refuses a tensor above the same TENSOR_MAX_BYTES: find out now, not per study.
        let maximumTensorBytes = try settings.tensorMaximumBytes()
        let tensorBytes = preparer.configuration.tensorByteCount
        guard tensorBytes <= maximumTensorBytes else {
            throw PipelineError.invalidConfiguration(
                variable: "TENSOR_MAX_BYTES",
                problem:
                    "is \(maximumTensorBytes), but the model input \(preparer.configuration.shape) needs \(tensorBytes) bytes per tensor")
        }
        s3 = S3Client(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    func handle(_ study: ValidatedStudy, context: LambdaContext) throws -> TensorReference {
        try allowedBuckets.check(study.imageBucket)
        let deadline = Deadline.after(context.remainingTime - .milliseconds(500))
        let clock = ContinuousClock()

        let downloadStart = clock.now
        let prepared: PreparedTensor
        let imageETag: String?
        var downloadTime: Duration
        if study.metadata.image.contentType == "application/dicom" {
            var object = ObjectRangeReader(s3: s3, bucket: study.imageBucket, key: study.metadata.image.key, deadline: deadline)
            let source = try dicomSource(&object)
            downloadTime = clock.now - downloadStart
            switch source {
            case .whole(let bytes): prepared = try preparer.prepare(bytes)
            case .frame(let header, let frame): prepared = try preparer.prepare(header: header, frame: frame)
            }
            imageETag = object.firstResponse?.eTag
        } else if ImageRead(contentType: study.metadata.image.contentType) == .whileArriving {
            let preparer = preparer
            let streamed: StreamedObject<PreparedTensor>
            do throws(StreamedGetError<PreparationError>) {
                streamed = try s3.getObject(
                    bucket: study.imageBucket, key: study.metadata.image.key, maximumBytes: maximumImageBytes, deadline: deadline
                ) { body in
                    Result { () throws(PreparationError) -> PreparedTensor in try preparer.prepare(arriving: body) }
                }
            } catch {
                switch error {
                case .s3(let failure): throw failure
                case .reader(let failure): throw failure
                }
            }
            downloadTime = streamed.transferEnded - downloadStart
            prepared = streamed.output
            imageETag = streamed.metadata.eTag
        } else {
            let image = try s3.getObject(
                bucket: study.imageBucket, key: study.metadata.image.key, maximumBytes: maximumImageBytes, deadline: deadline)
            downloadTime = clock.now - downloadStart
            prepared = try preparer.prepare(image.body)
            imageETag = image.metadata.eTag
        }
        let sha256 = Digests.hex(Digests.sha256(prepared.tensor.bytes))
        let key = "\(prefix)\(study.metadata.studyInstanceUID)/\(sha256).bin"

        let uploadStart = clock.now
        do {
            try s3.putObject(
                bucket: tensorsBucket, key: key, body: prepared.tensor.bytes,
                options: PutObjectOptions(contentType: "application/octet-stream", serverSideEncryption: encryption, writeOnce: true),
                deadline: deadline)
        } catch {
            // Content-addressed: an existing object under this key holds these very bytes.
            guard case .preconditionFailed = error else { throw error }
        }
        let uploadTime = clock.now - uploadStart

        context.logger.info(
            "tensor stored",
            metadata: ["width": "\(prepared.sourceWidth)", "height": "\(prepared.sourceHeight)", "bytes": "\(prepared.tensor.bytes.count)"])
        return TensorReference(
            bucket: tensorsBucket,
            key: key,
            sha256: sha256,
            shape: prepared.tensor.shape,
            dataType: preparer.configuration.dataType.rawValue,
            layout: preparer.configuration.layout.rawValue,
            sourceWidth: prepared.sourceWidth,
            sourceHeight: prepared.sourceHeight,
            sizeBytes: prepared.tensor.bytes.count,
            imageETag: imageETag.map { $0.filter { $0 != "\"" } },
            timings: TensorTimings(
                downloadMilliseconds: downloadTime.milliseconds,
                decodeMilliseconds: prepared.timings.decodeMilliseconds,
                resizeMilliseconds: prepared.timings.resizeMilliseconds,
                encodeMilliseconds: prepared.timings.encodeMilliseconds,
                uploadMilliseconds: uploadTime.milliseconds
            ),
            elapsedMilliseconds: context.elapsedMilliseconds
        )
    }

    /// How an image object is read: decoded while it downloads, or downloaded whole first.
    enum ImageRead: Equatable {
        /// A JPEG or PNG: decoded as the response arrives (a JPEG row by row, a PNG's IDAT
        /// inflated as it comes), so the wall time approaches max(download, decode) instead of
        /// their sum (docs/imaging.md, "Decoding while the image downloads"). An object whose
        /// bytes are neither is recognised by them and waits whole.
        case whileArriving
        /// Anything else non-DICOM.
        case whole

        init(contentType: String) {
            self = ["image/jpeg", "image/png"].contains(contentType) ? .whileArriving : .whole
        }
    }

    /// What a DICOM image's tensor is made from.
    enum DICOMSource {
        /// The whole object (it fitted the first read, or its layout does not let one frame be read alone).
        case whole([UInt8])
        /// The header and the one frame prepared (a multi-frame object with an offset table, or native).
        case frame(DICOMFile, DICOMFrameReader.Frame)
    }

    /// Reads a DICOM image's header through ranged reads (1 MiB first: most single-frame
    /// objects arrive whole in that one read), then either its first frame alone or the rest of
    /// the object, never more than `IMAGE_MAX_BYTES` and never two revisions' bytes.
    func dicomSource(_ object: inout ObjectRangeReader) throws -> DICOMSource {
        let first = min(1 << 20, maximumImageBytes)
        let header = try DICOMHeaderReader(
            initialBytes: first, maximumBytes: min(maximumImageBytes, 16 << 20), limits: preparer.dicomLimits
        )
        .read { range in
            let (bytes, size) = try object.read(range)
            return DICOMHeaderReader.Chunk(bytes: bytes, objectSize: size)
        }
        guard let size = header.objectSize, size > header.bytes.count else { return .whole(header.bytes) }
        if let frame = try DICOMFrameReader().read(
            .first, header: header, limits: preparer.dicomLimits, read: { try object.read($0).bytes })
        {
            return .frame(header.file, frame)
        }
        guard size <= maximumImageBytes else { throw S3Error.objectTooLarge(size: size, limit: maximumImageBytes) }
        return .whole(header.bytes + (try object.read(header.bytes.count..<size).bytes))
    }
}

extension DICOMError: LambdaFunctionError {}
extension ImageError: LambdaFunctionError {}
extension PreparationError: LambdaFunctionError {}
extension PreprocessingConfigurationError: LambdaFunctionError {}
