import AWSClients
import CurlHTTP
import Digests
import Foundation
import LambdaEmulator
import LocalServices
import TensorPreparation
import Testing

/// PrepareTensors, the real executable, reading images from and writing tensors to moto's S3.
@Suite(.serialized)
struct PrepareTensorsTests {
    static let function = "PrepareTensors"
    static let pngSuite = URL(fileURLWithPath: PythonToolchain.repositoryRoot).deletingLastPathComponent()
        .appending(path: "shared/testdata/pngsuite")

    static func pngSuiteFile(_ name: String) throws -> [UInt8] {
        let path = pngSuite.appending(path: name).path
        return try #require(FileManager.default.contents(atPath: path).map(Array.init), "PngSuite missing at \(path)")
    }

    /// A PNG whose header claims `width`×`height`: a decompression bomb's first 33 bytes.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        var chunk: [UInt8] = Array("IHDR".utf8)
        for value in [width, height] { chunk += withUnsafeBytes(of: value.bigEndian, Array.init) }
        chunk += [8, 2, 0, 0, 0]
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in chunk {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + chunk + withUnsafeBytes(of: (~crc).bigEndian, Array.init)
    }

    static func study(bucket: String, key: String, contentType: String = "image/png") -> [String: Any] {
        [
            "imageBucket": bucket,
            "metadata": [
                "studyInstanceUID": "1.2.826.0.1.3680043.8.498.7", "seriesInstanceUID": "1.2.3", "sopInstanceUID": "1.2.3.4",
                "modality": "DX", "bodyPart": "CHEST", "acquisitionDateTime": "2026-11-25T08:45:00.000Z",
                "image": ["key": key, "contentType": contentType],
            ],
        ]
    }

    func withBuckets(
        environment extra: [String: String] = [:], _ body: (LambdaEmulator, MotoServer, String, String) async throws -> Void
    ) async throws {
        let images = uniqueBucket("images")
        let tensors = uniqueBucket("tensors")
        let environment = ["TENSORS_BUCKET": tensors, "IMAGES_BUCKETS": images].merging(extra) { _, new in new }
        try await FunctionHarness.withFunction(Self.function, environment: environment) { emulator, _, moto in
            try await BlockingIO.run {
                try moto.createBucket(images)
                try moto.createBucket(tensors)
            }
            try await body(emulator, moto, images, tensors)
        }
    }

    @discardableResult
    func put(_ bytes: [UInt8], _ bucket: String, _ key: String, _ moto: MotoServer) async throws -> PutObjectResult {
        try await BlockingIO.run { try S3Client(configuration: try moto.configuration()).putObject(bucket: bucket, key: key, body: bytes) }
    }

    @Test func tensorIsStoredUnderItsContentAddress() async throws {
        let png = try Self.pngSuiteFile("basn2c08.png")
        try await withBuckets { emulator, moto, images, tensors in
            let uploaded = try await put(png, images, "images/s/x.png", moto)
            let result = try await FunctionHarness.invoke(emulator, Self.function, Self.study(bucket: images, key: "images/s/x.png"))
            #expect(!result.isError, "\(result.payloadText)")
            let reference = try jsonObject(result.payload)
            // The reference names the image revision it was made from (issue 12, item 6).
            #expect(reference["imageETag"] as? String == uploaded.eTag?.filter { $0 != "\"" })
            #expect((reference["imageETag"] as? String)?.count == 32)
            #expect(reference["shape"] as? [Int] == [1, 3, 224, 224])
            #expect(reference["dataType"] as? String == "float32")
            #expect(reference["layout"] as? String == "NCHW")
            #expect(reference["sourceWidth"] as? Int == 32)
            #expect(reference["sizeBytes"] as? Int == 3 * 224 * 224 * 4)

            // The same preparation in this process gives the same bytes, and S3 holds exactly them.
            let expected = try TensorPreparer().prepare(png).tensor.bytes
            let sha = Digests.hex(Digests.sha256(expected))
            #expect(reference["sha256"] as? String == sha)
            #expect(reference["key"] as? String == "tensors/1.2.826.0.1.3680043.8.498.7/\(sha).bin")
            let stored = try await BlockingIO.run {
                try S3Client(configuration: try moto.configuration()).getObject(
                    bucket: tensors, key: "tensors/1.2.826.0.1.3680043.8.498.7/\(sha).bin", maximumBytes: 1 << 20)
            }
            #expect(stored.body == expected)
            #expect(stored.metadata.serverSideEncryption == "AES256")

            let again = try await FunctionHarness.invoke(emulator, Self.function, Self.study(bucket: images, key: "images/s/x.png"))
            #expect(!again.isError, "rewriting a content-addressed tensor is harmless")
            #expect(try jsonObject(again.payload)["key"] as? String == reference["key"] as? String)
        }
    }

    /// A JPEG is decoded while it downloads: its tensor is bit for bit the one the whole bytes
    /// give, the reference names the response's ETag, and a JPEG that is itself cut short is
    /// `TruncatedImage` (not retried) while a missing one is `S3.NoSuchKey`.
    @Test func aJPEGDecodedWhileItDownloadsGivesTheWholeBodysTensor() async throws {
        let film = try SampleFixtures.file("chest-film-3.jpg")
        let truncated = try SampleFixtures.file("truncated-jpeg.jpg")
        try await withBuckets { emulator, moto, images, _ in
            let uploaded = try await put(film, images, "images/f/film.jpg", moto)
            try await put(truncated, images, "images/t/cut.jpg", moto)
            let result = try await FunctionHarness.invoke(
                emulator, Self.function, Self.study(bucket: images, key: "images/f/film.jpg", contentType: "image/jpeg"))
            #expect(!result.isError, "\(result.payloadText)")
            let reference = try jsonObject(result.payload)
            let expected = try TensorPreparer().prepare(film).tensor.bytes
            #expect(reference["sha256"] as? String == Digests.hex(Digests.sha256(expected)))
            #expect(reference["imageETag"] as? String == uploaded.eTag?.filter { $0 != "\"" })
            #expect(reference["sourceWidth"] as? Int == 1024)

            let cut = try await FunctionHarness.invoke(
                emulator, Self.function, Self.study(bucket: images, key: "images/t/cut.jpg", contentType: "image/jpeg"))
            #expect(cut.isError)
            #expect(try jsonObject(cut.payload)["errorType"] as? String == "TruncatedImage")

            let missing = try await FunctionHarness.invoke(
                emulator, Self.function, Self.study(bucket: images, key: "images/m/none.jpg", contentType: "image/jpeg"))
            #expect(try jsonObject(missing.payload)["errorType"] as? String == "S3.NoSuchKey")
        }
    }

    /// A DICOM image is read through ranged GETs: a 15 MB 30-frame cine under a 4 MiB image
    /// limit costs its header and its first frame and gives the tensor the whole object gives; a
    /// single-frame CT arrives whole in the first read, and over the limit it is refused.
    @Test func aDICOMImageIsReadByItsHeaderAndOneFrame() async throws {
        let cine = try SampleFixtures.file("xa-cine.dcm")
        let ct = try SampleFixtures.file("ct-implicit-vr.dcm")
        let limit = 4 << 20
        try await withBuckets(environment: ["IMAGE_MAX_BYTES": "\(limit)"]) { emulator, moto, images, _ in
            try await put(cine, images, "images/c/cine.dcm", moto)
            try await put(ct, images, "images/t/ct.dcm", moto)
            #expect(cine.count > 3 * limit)
            let result = try await FunctionHarness.invoke(
                emulator, Self.function, Self.study(bucket: images, key: "images/c/cine.dcm", contentType: "application/dicom"))
            #expect(!result.isError, "\(result.payloadText)")
            let expected = try TensorPreparer().prepare(cine).tensor.bytes
            #expect(try jsonObject(result.payload)["sha256"] as? String == Digests.hex(Digests.sha256(expected)))

            let whole = try await FunctionHarness.invoke(
                emulator, Self.function, Self.study(bucket: images, key: "images/t/ct.dcm", contentType: "application/dicom"))
            #expect(!whole.isError, "\(whole.payloadText)")
            let expectedCT = try TensorPreparer().prepare(ct).tensor.bytes
            #expect(try jsonObject(whole.payload)["sha256"] as? String == Digests.hex(Digests.sha256(expectedCT)))
        }
        // The 525 KB single-frame CT over a 256 KiB limit: refused as the whole object would be.
        try await withBuckets(environment: ["IMAGE_MAX_BYTES": "\(256 << 10)"]) { emulator, moto, images, _ in
            try await put(ct, images, "images/t/ct.dcm", moto)
            let tooLarge = try await FunctionHarness.invoke(
                emulator, Self.function, Self.study(bucket: images, key: "images/t/ct.dcm", contentType: "application/dicom"))
            #expect(tooLarge.isError)
            #expect(try jsonObject(tooLarge.payload)["errorType"] as? String == "S3.ObjectTooLarge")
        }
    }

    @Test(arguments: [("xcrn0g04.png", ["CorruptImage", "UnsupportedFormat"]), ("xs1n0g01.png", ["CorruptImage", "UnsupportedFormat"])])
    func corruptImagesAreTypedErrors(file: String, errorTypes: [String]) async throws {
        let bytes = try Self.pngSuiteFile(file)
        try await withBuckets { emulator, moto, images, _ in
            try await put(bytes, images, "images/s/bad.png", moto)
            let result = try await FunctionHarness.invoke(emulator, Self.function, Self.study(bucket: images, key: "images/s/bad.png"))
            let errorType = try jsonObject(result.payload)["errorType"] as? String
            #expect(errorTypes.contains(errorType ?? ""), "got \(String(describing: errorType))")
        }
    }

    @Test func decompressionBombIsRefusedFromItsHeader() async throws {
        try await withBuckets { emulator, moto, images, _ in
            try await put(Self.pngHeader(width: 100_000, height: 100_000), images, "images/s/bomb.png", moto)
            let result = try await FunctionHarness.invoke(emulator, Self.function, Self.study(bucket: images, key: "images/s/bomb.png"))
            #expect(try jsonObject(result.payload)["errorType"] as? String == "ImageTooLarge")
            #expect((result.report?.maxMemoryUsedMB ?? 0) < 100, "no pixel buffer was allocated")
        }
    }

    @Test func missingImageAndForeignBucketAreTypedErrors() async throws {
        try await withBuckets { emulator, _, images, _ in
            let missing = try await FunctionHarness.invoke(emulator, Self.function, Self.study(bucket: images, key: "images/s/none.png"))
            #expect(try jsonObject(missing.payload)["errorType"] as? String == "S3.NoSuchKey")
            let foreign = try await FunctionHarness.invoke(emulator, Self.function, Self.study(bucket: "not-ours", key: "images/s/x.png"))
            #expect(try jsonObject(foreign.payload)["errorType"] as? String == "BucketNotAllowed")
        }
    }

    @Test func invalidModelSettingsFailInitialisation() async throws {
        try await withBuckets(environment: ["MODEL_LAYOUT": "CHWN"]) { emulator, _, images, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, Self.study(bucket: images, key: "images/s/x.png"))
            #expect(result.functionErrorType == "Function.InvalidPreprocessingConfiguration")
        }
    }
}
