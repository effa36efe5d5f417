import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// The bucket allow-lists are mandatory: a function that would read any bucket its event names
/// is a confused deputy, so an unset or empty list stops it at initialisation.
struct BucketAllowListTests {
    @Test(arguments: [
        ("ValidateMetadata", "IMAGES_BUCKETS", [:]),
        ("PrepareTensors", "IMAGES_BUCKETS", ["TENSORS_BUCKET": "tensors"]),
        ("RunInference", "TENSORS_BUCKETS", ["RADSTREAM_INFERENCE_URL": "http://127.0.0.1:9", "MODEL_NAME": "model"]),
    ])
    func unsetOrEmptyAllowListFailsInitialisation(function: String, variable: String, required: [String: String]) async throws {
        for value in [nil, "", " , "] as [String?] {
            var environment = required
            environment[variable] = value
            try await FunctionHarness.withFunction(function, environment: environment) { emulator, _, _ in
                let result = try await FunctionHarness.invoke(emulator, function, ["bucket": "anything"])
                #expect(result.functionErrorType == "Function.InvalidConfiguration", "\(function) with \(variable)=\(value ?? "unset")")
                #expect((try jsonObject(result.payload)["errorMessage"] as? String ?? "").hasPrefix("\(variable):"))
            }
        }
    }
}
