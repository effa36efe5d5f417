import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// Settings that would fail every study (or be silently ignored) stop the function at
/// initialisation instead, naming the variable.
struct ConfigurationCheckTests {
    static let prepare = ["IMAGES_BUCKETS": "images", "TENSORS_BUCKET": "tensors"]

    @Test(arguments: [
        // 1280 × 1280 × 3 float32 = 18.75 MiB: RunInference's default TENSOR_MAX_BYTES (16 MiB) would refuse each one.
        (
            "PrepareTensors", ["MODEL_INPUT_WIDTH": "1280", "MODEL_INPUT_HEIGHT": "1280"], "Function.InvalidConfiguration",
            "TENSOR_MAX_BYTES:"
        ),
        ("PrepareTensors", ["TENSORS_PREFIX": "tensors"], "Function.InvalidConfiguration", "TENSORS_PREFIX:"),
        ("PrepareTensors", ["TENSORS_PREFIX": "../other/"], "Function.InvalidConfiguration", "TENSORS_PREFIX:"),
        ("PrepareTensors", ["TENSORS_PREFIX": "/tensors/"], "Function.InvalidConfiguration", "TENSORS_PREFIX:"),
        ("PrepareTensors", ["TENSORS_BUCKET": "Tensors_Bucket"], "Function.InvalidConfiguration", "TENSORS_BUCKET:"),
        ("PrepareTensors", ["IMAGES_BUCKETS": "images,192.168.1.1"], "Function.InvalidConfiguration", "IMAGES_BUCKETS:"),
        ("PrepareTensors", ["TENSORS_KMS_KEY_ID": "my key"], "Function.InvalidConfiguration", "TENSORS_KMS_KEY_ID:"),
        (
            "PrepareTensors", ["TENSORS_KMS_KEY_ID": "arn:aws:kms:eu-west-1:123:key/1234"], "Function.InvalidConfiguration",
            "TENSORS_KMS_KEY_ID:"
        ),
        (
            "PrepareTensors", ["MODEL_WINDOW": "40,400", "MODEL_INTENSITY": "fullRange"], "Function.InvalidPreprocessingConfiguration",
            "MODEL_INTENSITY"
        ),
        ("ValidateMetadata", ["PHI_HMAC_KEY": String(repeating: "ab", count: 32)], "Function.InvalidConfiguration", "PHI_HMAC_KEY:"),
        ("StoreResults", ["RESULTS_BUCKET": "results", "RESULTS_PREFIX": "results"], "Function.InvalidConfiguration", "RESULTS_PREFIX:"),
        ("StoreResults", ["RESULTS_BUCKET": "results", "RESULTS_PREFIX": "../x/"], "Function.InvalidConfiguration", "RESULTS_PREFIX:"),
        ("StoreResults", ["RESULTS_BUCKET": "Results_Bucket"], "Function.InvalidConfiguration", "RESULTS_BUCKET:"),
        ("StoreResults", ["RESULTS_BUCKET": "results", "RESULTS_KMS_KEY_ID": "my key"], "Function.InvalidConfiguration", "RESULTS_KMS_KEY_ID:"),
        (
            "RunInference", ["TENSORS_BUCKETS": "tensors..x", "RADSTREAM_INFERENCE_URL": "http://127.0.0.1:9", "MODEL_NAME": "m"],
            "Function.InvalidConfiguration", "TENSORS_BUCKETS:"
        ),
    ])
    func conflictingOrInvalidSettingFailsInitialisation(
        function: String, environment: [String: String], errorType: String, messagePrefix: String
    ) async throws {
        let base: [String: String] =
            switch function {
            case "PrepareTensors": Self.prepare
            case "StoreResults": [:]
            default: ["IMAGES_BUCKETS": "images"]
            }
        try await FunctionHarness.withFunction(function, environment: base.merging(environment) { $1 }) { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, function, ["bucket": "anything"])
            #expect(result.functionErrorType == errorType, "\(environment)")
            let message = try jsonObject(result.payload)["errorMessage"] as? String ?? ""
            #expect(message.hasPrefix(messagePrefix), "\(message)")
        }
    }

    /// The accepted forms pass initialisation: the invocation then fails on its (deliberately
    /// incomplete) event, which the runtime decodes only after a successful init.
    @Test(arguments: [
        ["MODEL_INPUT_WIDTH": "1280", "MODEL_INPUT_HEIGHT": "1280", "TENSOR_MAX_BYTES": "33554432"],
        ["TENSORS_PREFIX": "model-v2/tensors/", "TENSORS_BUCKET": "tensors.example-1"],
        ["TENSORS_KMS_KEY_ID": "1234abcd-12ab-34cd-56ef-1234567890ab"],
        ["TENSORS_KMS_KEY_ID": "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"],
        ["TENSORS_KMS_KEY_ID": "alias/radstream-tensors"],
        ["MODEL_WINDOW": "40,400", "MODEL_INTENSITY": "window"],
    ])
    func validSettingsPassInitialisation(environment: [String: String]) async throws {
        try await FunctionHarness.withFunction("PrepareTensors", environment: Self.prepare.merging(environment) { $1 }) { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, "PrepareTensors", ["bucket": "anything"])
            #expect(result.functionErrorType == "Runtime.InvalidEvent", "\(environment): \(result.payloadText)")
        }
    }
}
