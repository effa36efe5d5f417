#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The environment variables `init(environment:)` reads; docs/imaging.md describes each.
public enum PreprocessingEnvironment {
    /// A whole configuration as JSON (keys as in `PreprocessingConfiguration`'s `Codable` form);
    /// the single variables below override it.
    public static let json = "MODEL_PREPROCESSING_JSON"
    public static let width = "MODEL_INPUT_WIDTH"
    public static let height = "MODEL_INPUT_HEIGHT"
    public static let filter = "MODEL_RESIZE_FILTER"
    public static let geometry = "MODEL_GEOMETRY"
    public static let padValue = "MODEL_PAD_VALUE"
    public static let channels = "MODEL_CHANNELS"
    public static let intensity = "MODEL_INTENSITY"
    public static let window = "MODEL_WINDOW"
    public static let scale = "MODEL_SCALE"
    public static let mean = "MODEL_MEAN"
    public static let standardDeviation = "MODEL_STD"
    public static let layout = "MODEL_LAYOUT"
    public static let dataType = "MODEL_DTYPE"
    public static let batchDimension = "MODEL_BATCH_DIMENSION"
    public static let decodeMode = "MODEL_DECODE_MODE"

    /// Every variable, for documentation and for tests.
    public static let all = [
        json, width, height, filter, geometry, padValue, channels, intensity, window, scale, mean, standardDeviation, layout, dataType,
        batchDimension, decodeMode,
    ]
}

extension PreprocessingConfiguration {
    /// Reads `MODEL_PREPROCESSING_JSON` (if set) and then the single `MODEL_*` variables over it,
    /// and validates the result. Unset or empty variables keep the default.
    ///
    /// - Throws: `PreprocessingConfigurationError` naming the variable and the accepted values.
    public init(environment: [String: String]) throws(PreprocessingConfigurationError) {
        typealias Names = PreprocessingEnvironment
        func value(_ name: String) -> String? {
            guard let raw = environment[name].map({ Self.trimmed($0) }), !raw.isEmpty else { return nil }
            return raw
        }
        var configuration = PreprocessingConfiguration()
        if let json = value(Names.json) { configuration = try PreprocessingConfiguration(json: Array(json.utf8)) }
        if let text = value(Names.width) { configuration.width = try Self.integer(text, setting: Names.width) }
        if let text = value(Names.height) { configuration.height = try Self.integer(text, setting: Names.height) }
        if let text = value(Names.filter) { configuration.filter = try Self.choice(text, setting: Names.filter) }
        if let text = value(Names.geometry) { configuration.geometry = try Self.choice(text, setting: Names.geometry) }
        if let text = value(Names.padValue) { configuration.padValue = try Self.number(text, setting: Names.padValue) }
        if let text = value(Names.channels) { configuration.channels = try Self.integer(text, setting: Names.channels) }
        if let text = value(Names.window) {
            let parts = try Self.numbers(text, setting: Names.window)
            guard parts.count == 2 else { throw .invalidValue(setting: Names.window, value: text, expected: "CENTER,WIDTH") }
            configuration.intensity = .window(center: parts[0], width: parts[1])
        }
        if let text = value(Names.intensity) {
            configuration.intensity = try Self.intensity(text, window: configuration.intensity, setting: Names.intensity)
        }
        if let text = value(Names.scale) { configuration.scale = try Self.number(text, setting: Names.scale) }
        if let text = value(Names.mean) { configuration.mean = try Self.numbers(text, setting: Names.mean) }
        if let text = value(Names.standardDeviation) {
            configuration.standardDeviation = try Self.numbers(text, setting: Names.standardDeviation)
        }
        if let text = value(Names.layout) { configuration.layout = try Self.choice(text, setting: Names.layout) }
        if let text = value(Names.dataType) { configuration.dataType = try Self.dataType(text, setting: Names.dataType) }
        if let text = value(Names.batchDimension) { configuration.batchDimension = try Self.boolean(text, setting: Names.batchDimension) }
        if let text = value(Names.decodeMode) { configuration.decodeMode = try Self.choice(text, setting: Names.decodeMode) }
        try configuration.validate(naming: true)
        self = configuration
    }

    /// `init(environment:)` over this process's environment.
    public static func fromProcessEnvironment() throws(PreprocessingConfigurationError) -> PreprocessingConfiguration {
        try PreprocessingConfiguration(environment: ProcessInfo.processInfo.environment)
    }

    /// Decodes and validates a JSON object such as
    /// `{"width": 512, "height": 512, "geometry": "letterbox", "channels": 1, "window": {"center": 40, "width": 400}}`.
    /// Unknown keys are errors (a misspelt key must not silently keep a default).
    ///
    /// - Throws: `PreprocessingConfigurationError`.
    public init(json: [UInt8]) throws(PreprocessingConfigurationError) {
        do {
            self = try JSONDecoder().decode(PreprocessingConfiguration.self, from: Data(json))
        } catch let error as PreprocessingConfigurationError {
            throw error
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            throw .invalidJSON(detail: Self.describe(context))
        } catch {
            throw .invalidJSON(detail: "not a JSON object of preprocessing settings")
        }
        try validate()
    }

    /// `validate()`, but names environment variables instead of JSON keys.
    func validate(naming environment: Bool) throws(PreprocessingConfigurationError) {
        do {
            try validate()
        } catch .invalidValue(let setting, let value, let expected) {
            let names = [
                "width": PreprocessingEnvironment.width, "height": PreprocessingEnvironment.height,
                "channels": PreprocessingEnvironment.channels, "padValue": PreprocessingEnvironment.padValue,
                "scale": PreprocessingEnvironment.scale, "window": PreprocessingEnvironment.window, "mean": PreprocessingEnvironment.mean,
                "std": PreprocessingEnvironment.standardDeviation,
            ]
            throw .invalidValue(setting: names[setting] ?? setting, value: value, expected: expected)
        } catch {
            throw error
        }
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    }

    // MARK: Parsing single values

    static func trimmed<Text: StringProtocol>(_ text: Text) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Lower-cased without `-` and `_`, so `centerCrop`, `center-crop` and `CENTER_CROP` agree.
    static func normalised(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "-" && $0 != "_" })
    }

    static func choice<Choice: RawRepresentable & CaseIterable>(_ text: String, setting: String) throws(PreprocessingConfigurationError)
        -> Choice where Choice.RawValue == String
    {
        guard let match = Choice.allCases.first(where: { normalised($0.rawValue) == normalised(text) }) else {
            throw .invalidValue(
                setting: setting, value: text, expected: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return match
    }

    static func dataType(_ text: String, setting: String) throws(PreprocessingConfigurationError) -> DataType {
        switch normalised(text) {
        case "float32", "fp32", "f4", "<f4": .float32
        case "float16", "fp16", "f2", "<f2": .float16
        default: throw .invalidValue(setting: setting, value: text, expected: "float32 or float16")
        }
    }

    static func intensity(_ text: String, window: Intensity, setting: String) throws(PreprocessingConfigurationError) -> Intensity {
        // A window given next to another intensity mode would be silently ignored.
        if normalised(text) != "window", case .window = window {
            throw .invalidValue(setting: setting, value: text, expected: "window, since a window (MODEL_WINDOW) is set; unset one of them")
        }
        switch normalised(text) {
        case "fullrange": return .fullRange
        case "minmax": return .minMax
        case "window":
            guard case .window = window else {
                throw .invalidValue(setting: setting, value: text, expected: "fullRange or minMax (window needs MODEL_WINDOW=CENTER,WIDTH)")
            }
            return window
        default: throw .invalidValue(setting: setting, value: text, expected: "fullRange, window or minMax")
        }
    }

    static func integer(_ text: String, setting: String) throws(PreprocessingConfigurationError) -> Int {
        guard let value = Int(text) else { throw .invalidValue(setting: setting, value: text, expected: "an integer") }
        return value
    }

    static func number(_ text: String, setting: String) throws(PreprocessingConfigurationError) -> Float {
        guard let value = Float(text), value.isFinite else { throw .invalidValue(setting: setting, value: text, expected: "a number") }
        return value
    }

    static func numbers(_ text: String, setting: String) throws(PreprocessingConfigurationError) -> [Float] {
        var values: [Float] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Float(trimmed(part)), value.isFinite else {
                throw .invalidValue(setting: setting, value: text, expected: "comma-separated numbers")
            }
            values.append(value)
        }
        return values
    }

    static func boolean(_ text: String, setting: String) throws(PreprocessingConfigurationError) -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: throw .invalidValue(setting: setting, value: text, expected: "true or false")
        }
    }
}

// MARK: - JSON form

extension PreprocessingConfiguration: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case width, height, filter, geometry, padValue, channels, intensity, window, scale, mean, std, layout, dtype, batchDimension,
            decodeMode
    }

    struct Window: Codable {
        var center: Float
        var width: Float
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the flat JSON form; every key is optional and unknown keys are rejected.
    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where !known.contains(key.stringValue) {
            throw PreprocessingConfigurationError.invalidJSON(
                detail: "unknown key \"\(key.stringValue)\" (known: \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        if let value = try container.decodeIfPresent(Int.self, forKey: .width) { width = value }
        if let value = try container.decodeIfPresent(Int.self, forKey: .height) { height = value }
        if let text = try container.decodeIfPresent(String.self, forKey: .filter) { filter = try Self.choice(text, setting: "filter") }
        if let text = try container.decodeIfPresent(String.self, forKey: .geometry) {
            geometry = try Self.choice(text, setting: "geometry")
        }
        if let value = try container.decodeIfPresent(Float.self, forKey: .padValue) { padValue = value }
        if let value = try container.decodeIfPresent(Int.self, forKey: .channels) { channels = value }
        if let window = try container.decodeIfPresent(Window.self, forKey: .window) {
            intensity = .window(center: window.center, width: window.width)
        }
        if let text = try container.decodeIfPresent(String.self, forKey: .intensity) {
            intensity = try Self.intensity(text, window: intensity, setting: "intensity")
        }
        if let value = try container.decodeIfPresent(Float.self, forKey: .scale) { scale = value }
        mean = try container.decodeIfPresent([Float].self, forKey: .mean)
        standardDeviation = try container.decodeIfPresent([Float].self, forKey: .std)
        if let text = try container.decodeIfPresent(String.self, forKey: .layout) { layout = try Self.choice(text, setting: "layout") }
        if let text = try container.decodeIfPresent(String.self, forKey: .dtype) { dataType = try Self.dataType(text, setting: "dtype") }
        if let value = try container.decodeIfPresent(Bool.self, forKey: .batchDimension) { batchDimension = value }
        if let text = try container.decodeIfPresent(String.self, forKey: .decodeMode) {
            decodeMode = try Self.choice(text, setting: "decodeMode")
        }
    }

    /// Encodes the flat JSON form `init(from:)` reads (resolved mean and standard deviation).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(filter.rawValue, forKey: .filter)
        try container.encode(geometry.rawValue, forKey: .geometry)
        try container.encode(padValue, forKey: .padValue)
        try container.encode(channels, forKey: .channels)
        switch intensity {
        case .fullRange: try container.encode("fullRange", forKey: .intensity)
        case .minMax: try container.encode("minMax", forKey: .intensity)
        case .window(let center, let width):
            try container.encode("window", forKey: .intensity)
            try container.encode(Window(center: center, width: width), forKey: .window)
        }
        try container.encode(scale, forKey: .scale)
        try container.encode(resolvedMean, forKey: .mean)
        try container.encode(resolvedStandardDeviation, forKey: .std)
        try container.encode(layout.rawValue, forKey: .layout)
        try container.encode(dataType.rawValue, forKey: .dtype)
        try container.encode(batchDimension, forKey: .batchDimension)
        try container.encode(decodeMode.rawValue, forKey: .decodeMode)
    }
}
