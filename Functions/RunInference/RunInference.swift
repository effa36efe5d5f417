import AWSClients
import CurlHTTP
import Digests
import Inference
import LambdaRuntime
import PipelineModel

/// Stage 3: fetches the tensor PrepareTensors stored, checks it is the one referenced
/// (size and SHA-256), and runs the model on the Triton Inference Server behind the EKS
/// service (KServe v2, binary tensor extension). Maps the output to labels and scores.
///
/// Retries 429/503/refused connections (Triton scaling up under its HPA) with backoff until the
/// Lambda deadline, then fails with `Inference.Unavailable` or `Inference.DeadlineExceeded`,
/// which the state machine retries and finally catches.
///
/// Configuration: `RADSTREAM_INFERENCE_URL` (required), `INFERENCE_CREDENTIAL_SECRET_ARN` (the
/// secret sent as `X-RadStream-Inference-Credential`, read once at initialisation),
/// `RADSTREAM_INFERENCE_AUTHORIZATION`, `RADSTREAM_INFERENCE_TIMEOUT_MS`, `MODEL_NAME` (required), `MODEL_VERSION`,
/// `MODEL_INPUT_NAME` / `MODEL_OUTPUT_NAME` (default: the model's first, from its metadata),
/// `MODEL_LABELS` (comma-separated), `MODEL_SOFTMAX` (default true), `MODEL_TOP_K` (default 5),
/// `TENSORS_BUCKETS` (allow-list), `TENSOR_MAX_BYTES` (default 16 MiB; PrepareTensors checks its
/// model input against the same variable).
struct RunInference: LambdaHandler {
    let model: ModelReference
    let inputName: String?
    let outputName: String?
    let classification: Classification
    let allowedBuckets: BucketAllowList
    let maximumTensorBytes: Int
    let inference: InferenceClient
    let s3: S3Client

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(
            lookup: environment,
            names: [
                "MODEL_NAME", "MODEL_VERSION", "MODEL_INPUT_NAME", "MODEL_OUTPUT_NAME", "MODEL_LABELS", "MODEL_SOFTMAX", "MODEL_TOP_K",
                "TENSORS_BUCKETS", "TENSOR_MAX_BYTES", "INFERENCE_CREDENTIAL_SECRET_ARN",
            ])
        guard let name = settings.string("MODEL_NAME") else {
            throw PipelineError.invalidConfiguration(variable: "MODEL_NAME", problem: "is required")
        }
        model = ModelReference(name: name, version: settings.string("MODEL_VERSION"))
        inputName = settings.string("MODEL_INPUT_NAME")
        outputName = settings.string("MODEL_OUTPUT_NAME")
        classification = Classification(
            labels: settings.list("MODEL_LABELS"),
            appliesSoftmax: try settings.bool("MODEL_SOFTMAX", default: true),
            topK: try settings.integer("MODEL_TOP_K", default: 5, in: 1...1000))
        allowedBuckets = try BucketAllowList(settings, variable: "TENSORS_BUCKETS")
        maximumTensorBytes = try settings.tensorMaximumBytes()
        var inferenceConfiguration = try InferenceConfiguration.fromEnvironment(environment)
        inferenceConfiguration.credentials = try RuntimeSecret.inferenceCredentials(
            settings, configuration: { try AWSConfiguration.fromEnvironment(environment) })
        inference = InferenceClient(configuration: inferenceConfiguration)
        s3 = S3Client(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    func handle(_ tensor: TensorReference, context: LambdaContext) throws -> InferenceOutcome {
        try allowedBuckets.check(tensor.bucket)
        let deadline = Deadline.after(context.remainingTime - .milliseconds(500))
        let datatype = try Self.datatype(of: tensor)
        let object = try s3.getObject(bucket: tensor.bucket, key: tensor.key, maximumBytes: maximumTensorBytes, deadline: deadline)
        guard let expectedBytes = Self.byteCount(shape: tensor.shape, elementSize: datatype.elementSize ?? 4),
            object.body.count == expectedBytes, object.body.count == tensor.sizeBytes
        else {
            throw PipelineError.integrityCheckFailed("the tensor's size does not match its shape and reference")
        }
        guard Digests.hex(Digests.sha256(object.body)) == tensor.sha256 else {
            throw PipelineError.integrityCheckFailed("the tensor's SHA-256 differs from its reference")
        }

        let metadata = try inference.metadata(for: model, deadline: deadline.instant)
        guard let input = inputName ?? metadata.inputs.first?.name, let output = outputName ?? metadata.outputs.first?.name else {
            throw PipelineError.invalidConfiguration(variable: "MODEL_INPUT_NAME", problem: "the model declares no inputs or outputs")
        }
        let started = ContinuousClock.now
        let result = try inference.infer(
            model,
            inputs: [InferenceTensor(name: input, datatype: datatype, shape: tensor.shape, data: object.body)],
            outputs: [output],
            deadline: deadline.instant)
        let inferenceTime = ContinuousClock.now - started
        let predictions = try classification.predictions(for: result.output(named: output)).first ?? []
        context.logger.info("inference done", metadata: ["model": "\(model)", "top": "\(predictions.first?.label ?? "-")"])
        return InferenceOutcome(
            model: result.modelName,
            modelVersion: result.modelVersion,
            predictions: predictions.map { InferenceOutcome.Prediction(label: $0.label, index: $0.index, score: $0.score) },
            inferenceMilliseconds: inferenceTime.milliseconds,
            sizeBytes: object.body.count,
            elapsedMilliseconds: context.elapsedMilliseconds)
    }

    /// Bytes of a dense tensor, or `nil` for a negative dimension or an overflowing product
    /// (a hostile reference must not trap the function).
    static func byteCount(shape: [Int], elementSize: Int) -> Int? {
        var total = elementSize
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            total = product
        }
        return total
    }

    static func datatype(of tensor: TensorReference) throws(PipelineError) -> TensorDataType {
        switch tensor.dataType {
        case "float32": .fp32
        case "float16": .fp16
        default: throw .invalidRequest("dataType must be float32 or float16")
        }
    }
}

extension InferenceError: LambdaFunctionError {}
