import Imaging
import TensorPreparation
import Testing

@Suite("Preprocessing configuration")
struct PreprocessingConfigurationTests {
    @Test func defaultsAreTheSeedPreprocessing() throws {
        let configuration = try PreprocessingConfiguration(environment: [:])
        #expect(configuration == PreprocessingConfiguration())
        #expect(configuration.shape == [1, 3, 224, 224])
        #expect(configuration.filter == .bilinear && configuration.geometry == .stretch && configuration.intensity == .fullRange)
        #expect(configuration.resolvedMean == [0.485, 0.456, 0.406])
        #expect(configuration.resolvedStandardDeviation == [0.229, 0.224, 0.225])
        #expect(configuration.dataType == .float32 && configuration.layout == .nchw && configuration.decodeMode == .accurate)
    }

    @Test func everyEnvironmentVariableIsRead() throws {
        let configuration = try PreprocessingConfiguration(environment: [
            "MODEL_INPUT_WIDTH": "320", "MODEL_INPUT_HEIGHT": " 256 ", "MODEL_RESIZE_FILTER": "BICUBIC",
            "MODEL_GEOMETRY": "center-crop", "MODEL_PAD_VALUE": "0.5", "MODEL_CHANNELS": "1", "MODEL_WINDOW": "40, 400",
            "MODEL_SCALE": "255", "MODEL_MEAN": "0.5", "MODEL_STD": "0.25", "MODEL_LAYOUT": "nhwc", "MODEL_DTYPE": "fp16",
            "MODEL_BATCH_DIMENSION": "false", "MODEL_DECODE_MODE": "fast",
        ])
        #expect(
            configuration
                == PreprocessingConfiguration(
                    width: 320, height: 256, filter: .bicubic, geometry: .centerCrop, padValue: 0.5, channels: 1,
                    intensity: .window(center: 40, width: 400), scale: 255, mean: [0.5], standardDeviation: [0.25], layout: .nhwc,
                    dataType: .float16, batchDimension: false, decodeMode: .fast))
        #expect(configuration.shape == [256, 320, 1])
    }

    @Test func singleVariablesOverrideTheJSONDocument() throws {
        let configuration = try PreprocessingConfiguration(environment: [
            "MODEL_PREPROCESSING_JSON":
                #"{"width": 512, "height": 512, "geometry": "letterbox", "intensity": "minMax", "dtype": "float16"}"#,
            "MODEL_INPUT_HEIGHT": "384",
        ])
        #expect(configuration.width == 512 && configuration.height == 384)
        #expect(configuration.geometry == .letterbox && configuration.intensity == .minMax && configuration.dataType == .float16)
    }

    @Test func jsonRoundTrips() throws {
        let original = PreprocessingConfiguration(
            width: 300, height: 200, geometry: .letterbox, padValue: 1, channels: 1, intensity: .window(center: 1000, width: 3000),
            layout: .nhwc, dataType: .float16, decodeMode: .fast)
        let json =
            #"{"width":300,"height":200,"filter":"bilinear","geometry":"letterbox","padValue":1,"channels":1,"intensity":"window","window":{"center":1000,"width":3000},"scale":1,"mean":[0.449],"std":[0.226],"layout":"NHWC","dtype":"float16","batchDimension":true,"decodeMode":"fast"}"#
        let decoded = try PreprocessingConfiguration(json: Array(json.utf8))
        #expect(decoded.resolvedMean == original.resolvedMean)
        var expected = original
        expected.mean = [0.449]
        expected.standardDeviation = [0.226]
        #expect(decoded == expected)
    }

    static let invalidEnvironments: [(String, String)] = [
        ("MODEL_INPUT_WIDTH", "abc"), ("MODEL_INPUT_WIDTH", "0"), ("MODEL_INPUT_HEIGHT", "9000"), ("MODEL_RESIZE_FILTER", "lanczos"),
        ("MODEL_GEOMETRY", "squash"), ("MODEL_CHANNELS", "2"), ("MODEL_WINDOW", "40"), ("MODEL_WINDOW", "40,-1"),
        ("MODEL_WINDOW", "a,b"), ("MODEL_INTENSITY", "window"), ("MODEL_INTENSITY", "gamma"), ("MODEL_SCALE", "0"),
        ("MODEL_MEAN", "0.5,0.5"), ("MODEL_STD", "0.2,0,0.2"), ("MODEL_LAYOUT", "CHW"), ("MODEL_DTYPE", "int8"),
        ("MODEL_BATCH_DIMENSION", "maybe"), ("MODEL_DECODE_MODE", "quick"), ("MODEL_PAD_VALUE", "nan"),
    ]

    @Test(arguments: invalidEnvironments)
    func invalidVariableNamesItself(_ name: String, _ value: String) {
        #expect {
            _ = try PreprocessingConfiguration(environment: [name: value])
        } throws: { error in
            guard case .invalidValue(let setting, _, _) = error as? PreprocessingConfigurationError else { return false }
            return setting == name && (error as? PreprocessingConfigurationError)?.errorType == "InvalidPreprocessingConfiguration"
        }
    }

    static let invalidDocuments = [
        "not json", "[1, 2]", #"{"width": "wide"}"#, #"{"widht": 224}"#, #"{"geometry": "squash"}"#, #"{"channels": 4}"#,
        #"{"window": {"center": 40}}"#, #"{"mean": [0.1, 0.2]}"#,
    ]

    @Test(arguments: invalidDocuments)
    func invalidJSONIsATypedError(_ document: String) {
        #expect(throws: PreprocessingConfigurationError.self) {
            _ = try PreprocessingConfiguration(environment: ["MODEL_PREPROCESSING_JSON": document])
        }
    }

    @Test func unknownJSONKeyIsNamed() {
        #expect {
            _ = try PreprocessingConfiguration(json: Array(#"{"widht": 224}"#.utf8))
        } throws: { error in
            guard case .invalidJSON(let detail) = error as? PreprocessingConfigurationError else { return false }
            return detail.contains("widht")
        }
    }

    /// Finite settings whose derived `scale / std` or `mean / std` overflow the element type
    /// would fill every tensor with inf or NaN: refused at initialisation.
    @Test(arguments: [
        ["MODEL_STD": "1e-40,1e-40,1e-40"],
        ["MODEL_SCALE": "3e38"],
        ["MODEL_SCALE": "100000", "MODEL_DTYPE": "float16"],
        ["MODEL_MEAN": "3e38,0,0", "MODEL_STD": "0.5,1,1"],
        ["MODEL_PAD_VALUE": "1e30", "MODEL_GEOMETRY": "letterbox", "MODEL_DTYPE": "float16"],
    ])
    func settingsThatOverflowTheTensorAreRefused(_ environment: [String: String]) {
        let error = #expect(throws: PreprocessingConfigurationError.self) { try PreprocessingConfiguration(environment: environment) }
        guard case .invalidValue(let setting, _, _)? = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(setting == "scale, mean and std")
    }

    @Test func largeButRepresentableSettingsPass() throws {
        // 65504 / 0.229 overflows float16, but 10000 / 0.229 ≈ 43668 (+ 0.485 / 0.229) does not.
        _ = try PreprocessingConfiguration(environment: ["MODEL_SCALE": "10000", "MODEL_DTYPE": "float16"])
        _ = try PreprocessingConfiguration(environment: ["MODEL_SCALE": "1e30"])
    }
}
