import ArgumentParser
import DICOM
import Foundation
import Imaging
import PipelineModel
import TensorPreparation

/// `radstream prepare`: images → model input tensors as NumPy `.npy` files, with exactly the
/// preprocessing PrepareTensors applies.
///
/// One file and an `--output` file: that tensor, exit 1 on bad input. Folders or several files
/// and an `--output` folder: a batch (``PreparationBatch``), one tensor per input, refusals
/// counted by errorType, exit 1 only under `--strict`.
struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Preprocess DICOM objects, JPEGs or PNGs into the model input tensor and write them as NumPy .npy files.",
        discussion: """
            Options default to the MODEL_* environment variables (and MODEL_PREPROCESSING_JSON) a function reads, and
            those to the seed's preprocessing (docs/imaging.md; DICOM pixel semantics in docs/dicom.md). The decoder's
            memory limit is half of AWS_LAMBDA_FUNCTION_MEMORY_SIZE (MB, 1024 when unset), as in PrepareTensors.

            One file, --output a file: on bad input the command prints `errorType: message` to stderr and exits 1.

            Folders (walked recursively; hidden files skipped) or several files, --output a folder: every input becomes
            OUTPUT/<its path relative to the folder given>.npy (a file given directly: OUTPUT/<its name>.npy), prepared
            on --jobs threads (default: every core). A progress line is drawn on a terminal; at the end a summary counts
            the prepared files and the refusals by errorType, and OUTPUT/refused.tsv lists each refused input with its
            errorType. The exit status is 0 unless --strict is given and something was refused.
            """
    )

    @Argument(help: "DICOM, JPEG or PNG files (recognised by content), or folders of them.")
    var inputs: [String]

    @Option(help: "The .npy file to write (one input) or the folder to write into (folders or several inputs).")
    var output: String

    @Option(help: "Batch: inputs prepared at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Batch: exit with status 1 when any input was refused.")
    var strict = false

    @Option(help: "Tensor width (MODEL_INPUT_WIDTH).") var width: String?
    @Option(help: "Tensor height (MODEL_INPUT_HEIGHT).") var height: String?
    @Option(help: "bilinear or bicubic (MODEL_RESIZE_FILTER).") var filter: String?
    @Option(help: "stretch, centerCrop or letterbox (MODEL_GEOMETRY).") var geometry: String?
    @Option(help: "Letterbox padding intensity, 0…1 (MODEL_PAD_VALUE).") var padValue: String?
    @Option(help: "1 or 3 (MODEL_CHANNELS).") var channels: String?
    @Option(help: "fullRange, window or minMax (MODEL_INTENSITY).") var intensity: String?
    @Option(help: "CENTER,WIDTH in sample units (MODEL_WINDOW).") var window: String?
    @Option(help: "Factor on the 0…1 intensity (MODEL_SCALE).") var scale: String?
    @Option(help: "Comma-separated per-channel mean (MODEL_MEAN).") var mean: String?
    @Option(help: "Comma-separated per-channel standard deviation (MODEL_STD).") var std: String?
    @Option(help: "NCHW or NHWC (MODEL_LAYOUT).") var layout: String?
    @Option(help: "float32 or float16 (MODEL_DTYPE).") var dtype: String?
    @Option(help: "accurate or fast (MODEL_DECODE_MODE).") var decodeMode: String?
    @Option(help: "DICOM frame: a 0-based index or `middle` (default 0).") var frame: String?
    @Flag(help: "Print the step timings (ms) to stderr.") var timings = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one file or folder") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// A batch unless there is exactly one input, it is a file, and `--output` is not a folder.
    private var isBatch: Bool {
        var isDirectory: ObjCBool = false
        let inputIsFolder = FileManager.default.fileExists(atPath: inputs[0], isDirectory: &isDirectory) && isDirectory.boolValue
        let outputIsFolder = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) && isDirectory.boolValue
        return inputs.count > 1 || inputIsFolder || outputIsFolder || output.hasSuffix("/")
    }

    func run() throws {
        do {
            let environment = settings()
            let configuration = try PreprocessingConfiguration(environment: environment)
            // The same decoder memory bound PrepareTensors gets from its function's memory size.
            let limits = ImageLimits(functionMemoryMegabytes: try functionMemoryMegabytes(environment))
            AllocatorTuning.keepFreedBuffersForReuse()  // as PrepareTensors: a batch reuses its buffers
            let preparer = try TensorPreparer(configuration: configuration, limits: limits)
            let frame = try frameSelection()
            if isBatch {
                try runBatch(preparer: preparer, frame: frame)
                return
            }
            let bytes = try FileBytes.read(inputs[0])
            let prepared = try preparer.prepare(bytes, frame: frame)
            try FileBytes.write(prepared.tensor.numPyFileBytes(), to: output)
            if timings {
                let steps = prepared.timings
                FileBytes.printError(
                    "decode \(steps.decodeMilliseconds) ms (1/\(prepared.decodeScaleDenominator)), resize \(steps.resizeMilliseconds) ms, "
                        + "encode \(steps.encodeMilliseconds) ms; source \(prepared.sourceWidth)×\(prepared.sourceHeight)")
            }
        } catch let error as PreparationError {
            throw Self.fail(error.errorType, error.description)
        } catch let error as PreprocessingConfigurationError {
            throw Self.fail(error.errorType, error.description)
        } catch let error as FileBytes.Failure {
            throw Self.fail("FileError", error.description)
        } catch let error as PipelineError {
            throw Self.fail(error.errorType, error.description)
        }
    }

    private func runBatch(preparer: TensorPreparer, frame: FrameSelection) throws {
        let batch: PreparationBatch
        do {
            batch = try PreparationBatch(inputs: inputs, outputFolder: output)
        } catch let error as FileBytes.Failure {
            throw Self.fail("FileError", error.description)
        }
        let progress = ProgressLine(total: batch.items.count)
        let outcome = batch.run(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { item in
            let prepared = try preparer.prepare(try FileBytes.read(item.input), frame: frame)
            try FileBytes.write(prepared.tensor.numPyFileBytes(), to: item.output)
        } progress: { done, refused in
            progress.update(done: done, refused: refused)
        }
        progress.finish()
        print(outcome.summary)
        if !outcome.refusals.isEmpty {
            let lines = outcome.refusals.map { "\($0.input)\t\($0.errorType)" }.joined(separator: "\n")
            try? FileBytes.write(Array(("input\terrorType\n" + lines + "\n").utf8), to: "\(output)/refused.tsv")
        }
        if strict, !outcome.refusals.isEmpty { throw ExitCode(1) }
    }

    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` as PrepareTensors reads it (nil when unset).
    private func functionMemoryMegabytes(_ environment: [String: String]) throws(PipelineError) -> Int? {
        let name = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"
        let settings = FunctionSettings(lookup: { environment[$0] }, names: [name])
        guard settings.string(name) != nil else { return nil }
        return try settings.integer(name, default: 1024, in: 128...10_240)
    }

    /// `--frame`: absent → the first frame, `middle`, or a non-negative index.
    private func frameSelection() throws(PreprocessingConfigurationError) -> FrameSelection {
        guard let frame else { return .first }
        if frame == "middle" { return .middle }
        guard let index = Int(frame), index >= 0 else {
            throw .invalidValue(setting: "--frame", value: frame, expected: "a 0-based frame index or middle")
        }
        return .index(index)
    }

    /// The process environment with the given options laid over it, so both go through the
    /// same parser and validation a function uses.
    private func settings() -> [String: String] {
        var values = ProcessInfo.processInfo.environment
        let options: [(String, String?)] = [
            (PreprocessingEnvironment.width, width), (PreprocessingEnvironment.height, height),
            (PreprocessingEnvironment.filter, filter), (PreprocessingEnvironment.geometry, geometry),
            (PreprocessingEnvironment.padValue, padValue), (PreprocessingEnvironment.channels, channels),
            (PreprocessingEnvironment.intensity, intensity), (PreprocessingEnvironment.window, window),
            (PreprocessingEnvironment.scale, scale), (PreprocessingEnvironment.mean, mean),
            (PreprocessingEnvironment.standardDeviation, std), (PreprocessingEnvironment.layout, layout),
            (PreprocessingEnvironment.dataType, dtype), (PreprocessingEnvironment.decodeMode, decodeMode),
        ]
        for case (let name, let value?) in options { values[name] = value }
        return values
    }

    private static func fail(_ errorType: String, _ message: String) -> ExitCode {
        FileBytes.printError("\(errorType): \(message)")
        return ExitCode(1)
    }
}

/// Whole-file reads and writes with POSIX calls: one buffer, no Data copy.
enum FileBytes {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws(Failure) -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(file) }
        var status = stat()
        guard fstat(fileno(file), &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw Failure(description: "\(path) is not a regular file")
        }
        let size = Int(status.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = size == 0 ? 0 : fread(buffer.baseAddress, 1, size, file)
            failed = initialized != size
        }
        if failed { throw Failure(description: "cannot read \(path)") }
        return bytes
    }

    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        guard let file = fopen(path, "wb") else { throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        if fclose(file) != 0 || written != bytes.count { throw Failure(description: "cannot write \(path)") }
    }

    static func printError(_ line: String, newline: Bool = true) {
        let text = Array((newline ? line + "\n" : line).utf8)
        _ = text.withUnsafeBytes { Foundation.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
