import BenchmarkSupport
import Foundation
import Imaging
import TensorPreparation

#if canImport(Glibc)
    import Glibc
#endif

/// Side-by-side preprocessing benchmark on the same images in one run: the seed's Pillow+NumPy
/// code (warm in-process loop and fresh processes), ours (in-process TensorPreparer and fresh
/// `radstream prepare`), and `djpeg` full and 1/8 decodes as the floor. Run by bench/imaging.sh.
@main
struct ImagingBenchmark {
    struct Options {
        var radstream = ""
        /// bench/PrepareOnce built static: TensorPreparer alone in a fresh process.
        var prepareOnce = ""
        var python = ""
        var seedScript = ""
        var images = ""
        var djpeg = "/usr/bin/djpeg"
        var freshRuns = 9
        var warmRuns = 21
    }

    /// One measured method on one image.
    struct Row {
        var image: String
        var method: String
        var milliseconds: Double
        var peakRSSKilobytes: Int?
        var note = ""
    }

    static func main() throws {
        let options = try parse(CommandLine.arguments.dropFirst())
        let images = ["film-2500x3000.jpg", "gray16-2048x2048.png", "photo-512x512.jpg", "big-4096x4096.jpg"]
        var rows: [Row] = []
        let output = "/tmp/radstream-imaging-bench-\(getpid()).npy"
        defer { unlink(output) }
        for image in images {
            let path = "\(options.images)/\(image)"
            let isJPEG = image.hasSuffix(".jpg")
            log("\(image): seed warm")
            let seedWarm = try seedWarmMilliseconds(options, path: path)
            rows.append(Row(image: image, method: "seed Pillow+NumPy, warm", milliseconds: seedWarm.milliseconds, peakRSSKilobytes: nil))
            log("\(image): seed fresh")
            let seedFresh = try fresh(options.freshRuns, [options.python, options.seedScript, path])
            rows.append(
                Row(
                    image: image, method: "seed Pillow+NumPy, fresh process", milliseconds: seedFresh.milliseconds,
                    peakRSSKilobytes: seedFresh.peakRSS))
            for mode in isJPEG ? ["accurate", "fast"] : ["accurate"] {
                log("\(image): ours \(mode) warm")
                let warm = try warmMilliseconds(options.warmRuns, path: path, decodeMode: mode)
                rows.append(
                    Row(image: image, method: "ours \(mode), warm", milliseconds: warm.total, peakRSSKilobytes: nil, note: warm.note))
                log("\(image): ours \(mode) fresh")
                let ours = try fresh(options.freshRuns, [options.radstream, "prepare", path, "--output", output, "--decode-mode", mode])
                rows.append(
                    Row(
                        image: image, method: "ours \(mode), fresh `radstream prepare`", milliseconds: ours.milliseconds,
                        peakRSSKilobytes: ours.peakRSS))
                log("\(image): ours \(mode) fresh static process")
                let once = try fresh(options.freshRuns, [options.prepareOnce, path, output, mode])
                rows.append(
                    Row(
                        image: image, method: "ours \(mode), fresh static process", milliseconds: once.milliseconds,
                        peakRSSKilobytes: once.peakRSS))
            }
            if !isJPEG {
                log("\(image): decode only, libpng and the fast path")
                let bytes = try BenchmarkFile.bytes(atPath: path)
                let libpng = PNGDecoder(usesFastPath: false)
                let fastPath = PNGDecoder()
                guard try libpng.decode(bytes) == fastPath.decode(bytes) else {
                    throw BenchmarkError("the fast path's pixels differ from libpng's")
                }
                for (method, decoder) in [(libpngDecodeMethod, libpng), (fastPathDecodeMethod, fastPath)] {
                    let milliseconds = try decodeMilliseconds(options.warmRuns, bytes: bytes, decoder: decoder)
                    rows.append(Row(image: image, method: method, milliseconds: milliseconds, peakRSSKilobytes: nil))
                }
            }
            if isJPEG {
                log("\(image): decode only, libjpeg's Huffman decoder and ours, alternating")
                let bytes = try BenchmarkFile.bytes(atPath: path)
                let libjpeg = JPEGDecoder(huffman: .libjpeg)
                let fast = JPEGDecoder()
                guard try libjpeg.decode(bytes) == fast.decode(bytes) else {
                    throw BenchmarkError("RadStream's Huffman decoder's pixels differ from libjpeg's")
                }
                let medians = try alternatingMilliseconds(options.warmRuns, [{ try libjpeg.decode(bytes) }, { try fast.decode(bytes) }])
                rows.append(Row(image: image, method: libjpegHuffmanMethod, milliseconds: medians[0], peakRSSKilobytes: nil))
                rows.append(Row(image: image, method: fastHuffmanMethod, milliseconds: medians[1], peakRSSKilobytes: nil))
                log("\(image): djpeg")
                let full = try fresh(options.freshRuns, [options.djpeg, "-outfile", "/dev/null", path])
                rows.append(Row(image: image, method: "djpeg full decode", milliseconds: full.milliseconds, peakRSSKilobytes: full.peakRSS))
                let eighth = try fresh(options.freshRuns, [options.djpeg, "-scale", "1/8", "-outfile", "/dev/null", path])
                rows.append(
                    Row(image: image, method: "djpeg -scale 1/8", milliseconds: eighth.milliseconds, peakRSSKilobytes: eighth.peakRSS))
            }
        }
        printTable(rows, options: options)
        printTargets(rows)
    }

    // MARK: Measurements

    static let libpngDecodeMethod = "PNG decode only, libpng (before the fast path), warm"
    static let fastPathDecodeMethod = "PNG decode only, fast path, warm"
    static let libjpegHuffmanMethod = "JPEG decode only, libjpeg's Huffman decoder, warm"
    static let fastHuffmanMethod = "JPEG decode only, RadStream's Huffman decoder, warm"

    /// Medians of `runs` rounds that call each of `bodies` once, in turn (after two unmeasured
    /// rounds), so the machine's noise falls on all of them alike.
    static func alternatingMilliseconds(_ runs: Int, _ bodies: [() throws -> DecodedImage]) throws -> [Double] {
        for _ in 0..<2 { for body in bodies { _ = try body() } }
        var timings = Array(repeating: RepeatedTiming(), count: bodies.count)
        for _ in 0..<runs {
            for index in bodies.indices { _ = try timings[index].measure { try bodies[index]() } }
        }
        return timings.map { median($0.wall) }
    }

    /// Median of `runs` in-process decodes of `bytes` (after two unmeasured ones).
    static func decodeMilliseconds(_ runs: Int, bytes: [UInt8], decoder: PNGDecoder) throws -> Double {
        for _ in 0..<2 { _ = try decoder.decode(bytes) }
        var timing = RepeatedTiming()
        for _ in 0..<runs { _ = try timing.measure { try decoder.decode(bytes) } }
        return median(timing.wall)
    }

    static func warmMilliseconds(_ runs: Int, path: String, decodeMode: String) throws -> (total: Double, note: String) {
        var configuration = PreprocessingConfiguration()
        configuration.decodeMode = decodeMode == "fast" ? .fast : .accurate
        AllocatorTuning.keepFreedBuffersForReuse()  // as PrepareTensors does at initialisation
        let preparer = try TensorPreparer(configuration: configuration)
        var timing = RepeatedTiming()
        var decode: [Double] = []
        var resize: [Double] = []
        var encode: [Double] = []
        var denominator = 1
        for _ in 0..<(runs + 2) {
            let prepared = try timing.measure { try preparer.prepare(BenchmarkFile.bytes(atPath: path)) }
            decode.append(prepared.timings.decodeMilliseconds)
            resize.append(prepared.timings.resizeMilliseconds)
            encode.append(prepared.timings.encodeMilliseconds)
            denominator = prepared.decodeScaleDenominator
        }
        // The first two runs warm caches and the allocator; the rest are measured.
        let note = String(
            format: "decode %.2f (1/%d) + resize %.2f + encode %.2f", median(Array(decode.dropFirst(2))), denominator,
            median(Array(resize.dropFirst(2))), median(Array(encode.dropFirst(2))))
        return (median(Array(timing.wall.dropFirst(2))), note)
    }

    static func seedWarmMilliseconds(_ options: Options, path: String) throws -> (milliseconds: Double, peakRSS: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: options.python)
        process.arguments = [options.seedScript, path, "--repeat", "\(options.warmRuns)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let value = object["median_ms"] as? Double, let peak = object["peak_rss_kb"] as? Int
        else { throw BenchmarkError("the seed script failed on \(path)") }
        return (value, peak)
    }

    /// Median wall time of `runs` fresh processes (spawn to exit), and the peak RSS of one more
    /// run under GNU time.
    ///
    /// posix_spawn uses vfork, and Linux carries the parent's high-water RSS into a vforked
    /// child's ru_maxrss at exec; GNU time forks from its own small image, so its `%M` is the
    /// child's own peak.
    static func fresh(_ runs: Int, _ arguments: [String]) throws -> (milliseconds: Double, peakRSS: Int) {
        var timing = RepeatedTiming()
        for _ in 0..<runs { try timing.measure { try spawnAndWait(arguments) } }
        let report = "/tmp/radstream-imaging-bench-rss-\(getpid())"
        defer { unlink(report) }
        try spawnAndWait(["/usr/bin/time", "-f", "%M", "-o", report] + arguments)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        guard let peak = text.split(separator: "\n").last.flatMap({ Int($0) }) else { throw BenchmarkError("no RSS from /usr/bin/time") }
        return (median(timing.wall), peak)
    }

    static func spawnAndWait(_ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchmarkError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchmarkError("waitpid failed") }
        }
        guard status == 0 else { throw BenchmarkError("\(arguments.joined(separator: " ")) exited with status \(status)") }
    }

    // MARK: Report

    static func printTable(_ rows: [Row], options: Options) {
        print("")
        print("Warm: median of \(options.warmRuns) in-process runs (file read included). Fresh: median wall time of \(options.freshRuns)")
        print("processes (spawn to exit, imports included); peak RSS: one more run under /usr/bin/time (%M).")
        print("")
        print("| image | method | median ms | peak RSS MB | notes |")
        print("| --- | --- | ---: | ---: | --- |")
        for row in rows {
            let rss = row.peakRSSKilobytes.map { String(format: "%.1f", Double($0) / 1024) } ?? ""
            print("| \(row.image) | \(row.method) | \(String(format: "%.2f", row.milliseconds)) | \(rss) | \(row.note) |")
        }
    }

    static func printTargets(_ rows: [Row]) {
        func value(_ image: String, _ method: String) -> Row? { rows.first { $0.image == image && $0.method == method } }
        print("")
        print("| target | measured | met |")
        print("| --- | --- | --- |")
        /// One target: `numerator / denominator` (medians) against `bound`, at most or at least.
        func compare(_ image: String, _ target: String, _ numerator: String, _ denominator: String, _ bound: Double, atLeast: Bool = false)
        {
            guard let top = value(image, numerator), let bottom = value(image, denominator) else { return }
            let ratio = top.milliseconds / bottom.milliseconds
            let met = atLeast ? ratio >= bound : ratio <= bound
            let detail = String(format: "%.2f vs %.2f ms", top.milliseconds, bottom.milliseconds)
            print("| \(image): \(target) | \(String(format: "%.2f", ratio))× (\(detail)) | \(met ? "yes" : "**no**") |")
        }
        let freshProcesses = ["`radstream prepare`", "static process"]
        for image in ["film-2500x3000.jpg", "big-4096x4096.jpg"] {
            compare(image, "default warm ≤ 1.3× djpeg full", "ours accurate, warm", "djpeg full decode", 1.3)
            for process in freshProcesses {
                compare(image, "default fresh (\(process)) ≤ 1.3× djpeg full", "ours accurate, fresh \(process)", "djpeg full decode", 1.3)
            }
            compare(image, "fast warm ≤ 1.2× djpeg 1/8", "ours fast, warm", "djpeg -scale 1/8", 1.2)
            for process in freshProcesses {
                compare(image, "fast fresh (\(process)) ≤ 1.2× djpeg 1/8", "ours fast, fresh \(process)", "djpeg -scale 1/8", 1.2)
            }
        }
        for image in Set(rows.map(\.image)).sorted() {
            compare(image, "≥ 2× faster than seed, warm", "seed Pillow+NumPy, warm", "ours accurate, warm", 2, atLeast: true)
            for process in freshProcesses {
                compare(
                    image, "≥ 8× faster than seed, fresh (\(process))", "seed Pillow+NumPy, fresh process",
                    "ours accurate, fresh \(process)", 8,
                    atLeast: true)
            }
            // What the target leaves for everything but decoding: the seed's fresh time / 8 − djpeg.
            if let seed = value(image, "seed Pillow+NumPy, fresh process"), let djpeg = value(image, "djpeg full decode") {
                print(
                    "| \(image): room under 8× after libjpeg-turbo's own full decode | \(String(format: "%.2f ms (seed/8 = %.2f, djpeg %.2f)", seed.milliseconds / 8 - djpeg.milliseconds, seed.milliseconds / 8, djpeg.milliseconds)) | — |"
                )
            }
        }
        for image in Set(rows.map(\.image)).sorted() where image.hasSuffix(".png") {
            compare(
                image, "PNG decode: fast path faster than libpng (before / after)", libpngDecodeMethod, fastPathDecodeMethod, 1,
                atLeast: true)
            // Before the fast path, the warm pipeline decoded with libpng: the same run's figures,
            // ours warm with the fast path's decode replaced by libpng's.
            if let seed = value(image, "seed Pillow+NumPy, warm"), let ours = value(image, "ours accurate, warm"),
                let before = value(image, libpngDecodeMethod), let after = value(image, fastPathDecodeMethod)
            {
                let withLibpng = ours.milliseconds - after.milliseconds + before.milliseconds
                print(
                    "| \(image): seed warm / ours warm with libpng's decode instead (before) | \(String(format: "%.2f× (%.2f vs %.2f ms)", seed.milliseconds / withLibpng, seed.milliseconds, withLibpng)) | — |"
                )
            }
        }
        for image in Set(rows.map(\.image)).sorted() where image.hasSuffix(".jpg") {
            compare(
                image, "JPEG decode: RadStream's Huffman decoder faster than libjpeg's (before / after)", libjpegHuffmanMethod,
                fastHuffmanMethod, 1, atLeast: true)
        }
        if let big = value("big-4096x4096.jpg", "ours accurate, fresh `radstream prepare`"), let rss = big.peakRSSKilobytes {
            let megabytes = Double(rss) / 1024
            print(
                "| 4096×4096 8-bit peak RSS < 48 MB (radstream prepare) | \(String(format: "%.1f", megabytes)) MB | \(megabytes < 48 ? "yes" : "**no**") |"
            )
        }
    }

    // MARK: Plumbing

    static func parse(_ arguments: ArraySlice<String>) throws -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError("\(name) needs a value") }
            switch name {
            case "--radstream": options.radstream = value
            case "--prepare-once": options.prepareOnce = value
            case "--python": options.python = value
            case "--seed-script": options.seedScript = value
            case "--images": options.images = value
            case "--djpeg": options.djpeg = value
            case "--fresh-runs": options.freshRuns = Int(value) ?? options.freshRuns
            case "--warm-runs": options.warmRuns = Int(value) ?? options.warmRuns
            default: throw BenchmarkError("unknown option \(name)")
            }
        }
        guard !options.radstream.isEmpty, !options.prepareOnce.isEmpty, !options.python.isEmpty, !options.seedScript.isEmpty,
            !options.images.isEmpty
        else {
            throw BenchmarkError(
                "usage: ImagingBenchmark --radstream PATH --prepare-once PATH --python PATH --seed-script PATH --images DIR")
        }
        return options
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data("==> \(line)\n".utf8))
    }
}
