// swift-tools-version: 6.1
import PackageDescription

/// Function executables link only `LambdaRuntime` and the libraries they use: no NIO, no emulator,
/// no full Foundation. The emulator and the CLI depend on the libraries; nothing depends on them.
let package = Package(
    name: "radstream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "radstream", targets: ["RadStreamCLI"]),
        .library(name: "LambdaRuntime", targets: ["LambdaRuntime"]),
        .library(name: "LambdaEmulator", targets: ["LambdaEmulator"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "AWSClients", targets: ["AWSClients"]),
        .library(name: "Inference", targets: ["Inference"]),
        .library(name: "TensorPreparation", targets: ["TensorPreparation"]),
        .library(name: "DICOM", targets: ["DICOM"]),
        .library(name: "JPEGLossless", targets: ["JPEGLossless"]),
        .library(name: "JPEG2000", targets: ["JPEG2000"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: C libraries and shims
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        .systemLibrary(
            name: "COpenSSLCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .target(name: "CImageCodecs", dependencies: ["CJPEG", "CPNG"]),
        .systemLibrary(
            name: "CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "COpenJPEG",
            pkgConfig: "libopenjp2",
            providers: [.apt(["libopenjp2-7-dev"])]
        ),
        .target(name: "COpenJPEGShim", dependencies: ["COpenJPEG"]),

        // MARK: Libraries linked into functions
        .target(name: "CurlHTTP", dependencies: ["CCurl", "CCurlShim"]),
        .target(
            name: "LambdaRuntime",
            dependencies: ["CurlHTTP", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "AWSSigV4", dependencies: ["Digests"]),
        .target(name: "Digests", dependencies: ["COpenSSLCrypto"]),
        .target(name: "StudyMetadata", dependencies: ["Digests"]),
        .target(name: "ArrivingBytes"),
        .target(name: "Imaging", dependencies: ["ArrivingBytes", "CImageCodecs", "CDeflate", "CZlib"]),
        .target(name: "DICOM", dependencies: ["CZlib", "Imaging", "JPEGLossless", "JPEG2000"]),
        .target(name: "CAllocator"),
        .target(name: "TensorPreparation", dependencies: ["ArrivingBytes", "Imaging", "DICOM", "CAllocator"]),
        .target(name: "DICOMStudyMetadata", dependencies: ["DICOM", "StudyMetadata"]),
        .target(name: "JPEGLossless"),
        .target(name: "JPEG2000", dependencies: ["COpenJPEGShim"]),
        .target(name: "Retrying"),
        .target(name: "AWSClients", dependencies: ["ArrivingBytes", "CurlHTTP", "AWSSigV4", "Retrying"]),
        .target(name: "Inference", dependencies: ["CurlHTTP", "Retrying"]),

        // MARK: Cost (shared by the pipeline benchmark, the report and the scale simulation)
        .target(name: "PipelineCost"),
        .target(name: "TelemetryReport", dependencies: ["PipelineCost", "AWSClients", "CZlib"]),

        .target(name: "PipelineModel", dependencies: ["LambdaRuntime", "StudyMetadata", "AWSClients", "Digests"]),

        // MARK: Functions (one bootstrap executable each)
        .executableTarget(
            name: "StartStudy",
            dependencies: ["LambdaRuntime", "PipelineModel", "AWSClients"],
            path: "Functions/StartStudy"
        ),
        .executableTarget(
            name: "ValidateMetadata",
            dependencies: [
                "LambdaRuntime", "PipelineModel", "StudyMetadata", "AWSClients", "DICOM", "DICOMStudyMetadata",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Functions/ValidateMetadata"
        ),
        .executableTarget(
            name: "PrepareTensors",
            dependencies: ["LambdaRuntime", "PipelineModel", "AWSClients", "ArrivingBytes", "CurlHTTP", "Imaging", "TensorPreparation", "Digests", "DICOM"],
            path: "Functions/PrepareTensors"
        ),
        .executableTarget(
            name: "RunInference",
            dependencies: ["LambdaRuntime", "PipelineModel", "AWSClients", "CurlHTTP", "Inference", "Digests"],
            path: "Functions/RunInference"
        ),
        .executableTarget(
            name: "StoreResults",
            dependencies: ["LambdaRuntime", "PipelineModel", "AWSClients"],
            path: "Functions/StoreResults"
        ),
        .executableTarget(
            name: "SendTelemetry",
            dependencies: ["LambdaRuntime", "PipelineModel", "AWSClients", "Digests"],
            path: "Functions/SendTelemetry"
        ),

        // MARK: Local tooling (never linked into a function)
        .target(
            name: "LocalServices",
            dependencies: [
                "AWSClients",
                "AWSSigV4",
                "CurlHTTP",
                "LambdaEmulator",
                "LoopbackHTTP",
                "PipelineModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LoopbackHTTP",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LambdaEmulator",
            dependencies: [
                "CurlHTTP",
                "LoopbackHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "RadStreamCLI",
            dependencies: [
                "DICOM",
                "LambdaEmulator",
                "LocalServices",
                "PipelineCost",
                "StudyMetadata",
                "TelemetryReport",
                "TensorPreparation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "BenchmarkSupport",
            path: "bench/BenchmarkSupport"
        ),
        .executableTarget(
            name: "PipelineBenchmark",
            dependencies: ["BenchmarkSupport", "LocalServices", "LambdaEmulator", "AWSClients", "CurlHTTP", "PipelineCost", "TelemetryReport"],
            path: "bench/PipelineBenchmark"
        ),
        .executableTarget(
            name: "RuntimeBenchmark",
            dependencies: ["BenchmarkSupport", "LambdaEmulator", "CurlHTTP"],
            path: "bench/RuntimeBenchmark"
        ),
        .executableTarget(
            name: "S3Benchmark",
            dependencies: ["AWSClients", "CurlHTTP"],
            path: "bench/S3Benchmark"
        ),
        .executableTarget(
            name: "StreamingBenchmark",
            dependencies: ["BenchmarkSupport", "AWSClients", "ArrivingBytes", "CurlHTTP", "LocalServices", "TensorPreparation"],
            path: "bench/StreamingBenchmark"
        ),
        .executableTarget(
            name: "InferenceBenchmark",
            dependencies: ["Inference", "LocalServices", "CurlHTTP"],
            path: "bench/InferenceBenchmark"
        ),
        .executableTarget(
            name: "PrepareOnce",
            dependencies: ["TensorPreparation", "Imaging"],
            path: "bench/PrepareOnce"
        ),
        .executableTarget(
            name: "ScaleSimulation",
            dependencies: ["BenchmarkSupport", "PipelineCost"],
            path: "bench/ScaleSimulation"
        ),
        .executableTarget(
            name: "CodecBenchmark",
            dependencies: ["BenchmarkSupport", "JPEGLossless", "JPEG2000"],
            path: "bench/CodecBenchmark"
        ),
        .executableTarget(
            name: "ManagedInstancesBenchmark",
            dependencies: ["BenchmarkSupport", "LambdaEmulator", "LocalServices", "AWSClients", "CurlHTTP"],
            path: "bench/ManagedInstancesBenchmark"
        ),
        .executableTarget(
            name: "ImagingBenchmark",
            dependencies: ["BenchmarkSupport", "TensorPreparation"],
            path: "bench/ImagingBenchmark"
        ),
        .executableTarget(
            name: "DICOMBenchmark",
            dependencies: ["BenchmarkSupport", "Imaging", "TensorPreparation"],
            path: "bench/DICOMBenchmark"
        ),

        // MARK: Tests
        .executableTarget(
            name: "FixtureFunction",
            dependencies: ["LambdaRuntime"],
            path: "Tests/Fixtures/FixtureFunction"
        ),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: [
                "CurlHTTP",
                "LocalServices",
                "LoopbackHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "PipelineCostTests", dependencies: ["PipelineCost"]),
        .testTarget(name: "TelemetryReportTests", dependencies: ["TelemetryReport", "PipelineCost", "LocalServices", "AWSClients", "CurlHTTP"]),
        .testTarget(name: "LambdaRuntimeTests", dependencies: ["LambdaRuntime", "CurlHTTP"]),
        .testTarget(name: "LambdaEmulatorTests", dependencies: ["LambdaEmulator", "CurlHTTP", "LocalServices"]),
        .testTarget(
            name: "AWSSigV4Tests",
            dependencies: ["AWSSigV4"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ImagingTests", dependencies: ["ArrivingBytes", "CImageCodecs", "Imaging", "LocalServices"]),
        .testTarget(name: "PixelCodecTests", dependencies: ["JPEGLossless", "JPEG2000", "LocalServices"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "CurlHTTP", "LocalServices", "Retrying"]),
        .testTarget(
            name: "DICOMTests", dependencies: ["DICOM", "DICOMStudyMetadata", "StudyMetadata", "TensorPreparation", "Imaging", "LocalServices"]),
        .testTarget(name: "TensorPreparationTests", dependencies: ["ArrivingBytes", "TensorPreparation", "Imaging", "LocalServices"]),
        .testTarget(name: "StudyMetadataTests", dependencies: ["StudyMetadata", "Digests", "AWSClients"]),
        .testTarget(
            name: "FunctionTests",
            dependencies: [
                "LambdaEmulator", "LocalServices", "AWSClients", "CurlHTTP", "Digests", "Inference", "TensorPreparation", "PipelineModel",
                "PipelineCost",
            ]
        ),
        .testTarget(
            name: "DeployTests",
            dependencies: [
                "LocalServices", "TensorPreparation", "AWSClients", "CurlHTTP", "Imaging", "LambdaEmulator", "LambdaRuntime",
                "StudyMetadata", "PipelineModel", "Inference", "PipelineCost",
            ],
            exclude: ["Scripts"]
        ),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: [
                "AWSClients",
                "ArrivingBytes",
                "CurlHTTP",
                "AWSSigV4",
                "LocalServices",
                "LoopbackHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: Fuzz targets (scripts/fuzz.sh)

/// libFuzzer targets exist only when `RADSTREAM_FUZZ=1`: they have no `main` (libFuzzer's is
/// linked by `swift build --sanitize=fuzzer`), so an ordinary build could not link them.
/// scripts/fuzz.sh sets the variable and builds them in their own scratch path.
if Context.environment["RADSTREAM_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("JPEG", ["Imaging", "ImageFuzzHarness"]),
        ("PNG", ["Imaging", "ImageFuzzHarness"]),
        ("Metadata", ["StudyMetadata"]),
        ("RuntimeInvocation", ["LambdaRuntime", "CurlHTTP", .product(name: "Logging", package: "swift-log")]),
        ("InferenceResponse", ["Inference"]),
        ("DICOM", ["DICOM", "DICOMStudyMetadata", "StudyMetadata", "Imaging", "TensorPreparation"]),
        ("JPEGLossless", ["JPEGLossless"]),
        ("JPEG2000", ["JPEG2000"]),
    ]
    package.targets.append(
        .target(name: "ImageFuzzHarness", dependencies: ["Imaging", "TensorPreparation"], path: "Fuzz/ImageHarness"))
    for target in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: "Fuzz\(target.name)",
                dependencies: target.dependencies,
                path: "Fuzz/\(target.name)",
                swiftSettings: [.unsafeFlags(["-parse-as-library"])]
            ))
    }
}
