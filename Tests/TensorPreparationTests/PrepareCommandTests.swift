import Foundation
import Testing

/// `radstream prepare` end to end: the built binary on a generated image, the .npy loaded by
/// the venv's NumPy and compared with Pillow + NumPy there.
@Suite("radstream prepare")
struct PrepareCommandTests {
    /// Loads OUT.npy and prints its shape, dtype and the difference from the seed on 0–255
    /// (NCHW float32 only; for other forms only shape and dtype).
    static let checker = """
        import json, sys
        import numpy as np
        sys.path.insert(0, sys.argv[3])
        import seed_preprocess
        tensor = np.load(sys.argv[1])
        result = {"shape": list(tensor.shape), "dtype": str(tensor.dtype)}
        if tensor.dtype == np.float32 and tensor.shape == (1, 3, 224, 224):
            seed = seed_preprocess.preprocess(open(sys.argv[2], "rb").read())
            mean = seed_preprocess.MEAN[:, None, None]
            std = seed_preprocess.STD[:, None, None]
            difference = np.abs((tensor[0] * std + mean) * 255 - (seed[0] * std + mean) * 255)
            result["max"] = float(difference.max())
            result["mean"] = float(difference.mean())
        print(json.dumps(result))
        """

    func prepare(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessResult.run(
            PreparationFixtures.radstream, ["prepare"] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    func check(_ output: String, image: String) throws -> [String: Any] {
        let result = try ProcessResult.run(
            PreparationFixtures.python, ["-c", Self.checker, output, image, "\(PreparationFixtures.repositoryRoot)/bench"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    func temporaryPath(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appending(path: "radstream-prepare-\(UUID().uuidString)\(suffix)").path
    }

    @Test func defaultTensorLoadsInNumPyAndMatchesPillow() throws {
        let fixtures = try PreparationFixtures.load()
        let image = fixtures.path("photo-640x480.jpg")
        let output = temporaryPath(".npy")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try prepare([image, "--output", output])
        #expect(run.status == 0, "\(run.standardError)")
        let result = try check(output, image: image)
        #expect(result["shape"] as? [Int] == [1, 3, 224, 224])
        #expect(result["dtype"] as? String == "float32")
        let maximum = try #require(result["max"] as? Double)
        let mean = try #require(result["mean"] as? Double)
        #expect(maximum <= 1.5 && mean <= 0.5, "max \(maximum), mean \(mean)")
    }

    @Test func optionsShapeTheTensor() throws {
        let fixtures = try PreparationFixtures.load()
        let output = temporaryPath(".npy")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try prepare([
            fixtures.path("film-1200x1500.jpg"), "--output", output, "--width", "96", "--height", "64", "--geometry", "letterbox",
            "--channels", "1", "--layout", "NHWC", "--dtype", "float16", "--decode-mode", "fast", "--filter", "bicubic",
        ])
        #expect(run.status == 0, "\(run.standardError)")
        let result = try check(output, image: fixtures.path("film-1200x1500.jpg"))
        #expect(result["shape"] as? [Int] == [1, 64, 96, 1])
        #expect(result["dtype"] as? String == "float16")
    }

    @Test(arguments: [
        ("truncated", "TruncatedImage"), ("text", "UnsupportedFormat"), ("empty", "EmptyInput"), ("missing", "FileError"),
    ])
    func badInputExitsWithItsErrorType(_ kind: String, _ errorType: String) throws {
        let fixtures = try PreparationFixtures.load()
        let input = temporaryPath(".jpg")
        let output = temporaryPath(".npy")
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
        }
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: fixtures.path("photo-640x480.jpg")))
        switch kind {
        case "truncated": try jpeg.prefix(jpeg.count / 2).write(to: URL(fileURLWithPath: input))
        case "text": try Data("not an image".utf8).write(to: URL(fileURLWithPath: input))
        case "empty": try Data().write(to: URL(fileURLWithPath: input))
        default: break
        }
        let run = try prepare([input, "--output", output])
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("\(errorType): "), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func invalidOptionIsAConfigurationError() throws {
        let fixtures = try PreparationFixtures.load()
        let run = try prepare([fixtures.path("photo-640x480.jpg"), "--output", temporaryPath(".npy"), "--channels", "2"])
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("InvalidPreprocessingConfiguration: MODEL_CHANNELS"), "\(run.standardError)")
    }

    /// A 3400×3400 progressive 4:4:4 JPEG needs 3 × 425² blocks × 128 B ≈ 69 MB of coefficient
    /// buffers: more than half of 128 MB, less than half of 256 MB.
    @Test func decoderMemoryFollowsTheFunctionMemorySize() throws {
        let image = temporaryPath(".jpg")
        let output = temporaryPath(".npy")
        defer {
            try? FileManager.default.removeItem(atPath: image)
            try? FileManager.default.removeItem(atPath: output)
        }
        let writer = try ProcessResult.run(
            PreparationFixtures.python,
            [
                "-c",
                "import sys, numpy as np; from PIL import Image; g = np.linspace(0, 255, 3400, dtype=np.float32); "
                    + "Image.fromarray(np.stack([np.add.outer(g, g) / 2] * 3, -1).astype(np.uint8), 'RGB')"
                    + ".save(sys.argv[1], 'JPEG', quality=90, subsampling=0, progressive=True)",
                image,
            ])
        #expect(writer.status == 0, "\(writer.standardError)")
        let small = try prepare([image, "--output", output], environment: ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128"])
        #expect(small.status == 1)
        #expect(
            small.standardError.hasPrefix("ImageTooLarge: the image is 3400×3400, beyond the decoder memory limit of \(64 << 20) bytes"),
            "\(small.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let larger = try prepare([image, "--output", output], environment: ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256"])
        #expect(larger.status == 0, "\(larger.standardError)")
        let invalid = try prepare([image, "--output", output], environment: ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "lots"])
        #expect(invalid.standardError.hasPrefix("InvalidConfiguration: AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "\(invalid.standardError)")
    }
}
