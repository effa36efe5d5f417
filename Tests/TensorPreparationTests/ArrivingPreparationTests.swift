import ArrivingBytes
import Foundation
import Testing

@testable import Imaging
@testable import TensorPreparation

/// `TensorPreparer.prepare(arriving:)` — the image decoded while its bytes arrive — must give
/// exactly what `prepare(_:)` gives for the complete bytes: the same tensor bytes, the same typed
/// error; and a body whose transfer breaks ends as `inputInterrupted`, never as a truncated image.
@Suite struct ArrivingPreparationTests {
    /// Feeds `bytes` into a body from another thread in `chunk`-byte pieces with a pause between
    /// them (so the decoder catches up and waits), then ends it: `finish()`, or `fail()` after
    /// `failingAfter` bytes.
    static func arriving(_ bytes: [UInt8], chunk: Int = 8 << 10, failingAfter: Int? = nil) -> ArrivingBytes {
        let body = ArrivingBytes(announcedLength: bytes.count, limit: bytes.count)
        let thread = Thread {
            var offset = 0
            let end = min(failingAfter ?? bytes.count, bytes.count)
            while offset < end {
                let next = min(offset + chunk, end)
                let accepted = bytes[offset..<next].withUnsafeBytes { body.append($0) }
                guard accepted else { return }
                offset = next
                usleep(100)
            }
            if failingAfter == nil { body.finish() } else { body.fail() }
        }
        thread.start()
        return body
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: try PreparationFixtures.load().path(name))))
    }

    @Test(arguments: [
        "film-1200x1500.jpg", "photo-640x480.jpg", "square-1024.jpg", "rotated-300x200.jpg", "gray-640x200.png", "rgb-333x517.png",
    ])
    func arrivingImageGivesTheWholeBodysTensor(_ name: String) throws {
        let bytes = try Self.fixture(name)
        for configuration in [PreprocessingConfiguration(), PreprocessingConfiguration(geometry: .centerCrop, decodeMode: .fast)] {
            let preparer = try TensorPreparer(configuration: configuration)
            let whole = try preparer.prepare(bytes)
            let streamed = try preparer.prepare(arriving: Self.arriving(bytes))
            #expect(streamed.tensor.bytes == whole.tensor.bytes, "\(name)")
            #expect(streamed.sourceWidth == whole.sourceWidth && streamed.sourceHeight == whole.sourceHeight)
            #expect(streamed.decodeScaleDenominator == whole.decodeScaleDenominator)
        }
    }

    /// Every PngSuite file (161 valid, 14 damaged; `oi1n0g16`…`oi9n2c16` split IDAT into 1–9
    /// chunks), and the same files cut short: the arriving
    /// decode (IDAT inflated as it comes, when the fast path takes the file) gives the whole
    /// body's tensor or the whole body's error.
    @Test func everyPngSuiteFileArrivingGivesTheWholeBodysResult() throws {
        let folder = URL(fileURLWithPath: PreparationFixtures.repositoryRoot).deletingLastPathComponent()
            .appending(path: "shared/testdata/pngsuite")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }.sorted()
        #expect(names.count == 175, "PngSuite at \(folder.path)")
        let preparer = try TensorPreparer()
        for name in names {
            let file = try [UInt8](Data(contentsOf: folder.appending(path: name)))
            for bytes in [file, Array(file.prefix(file.count * 2 / 3))] {
                let whole = Result { () throws(PreparationError) in try preparer.prepare(bytes).tensor.bytes }
                let streamed = Result { () throws(PreparationError) in
                    try preparer.prepare(arriving: Self.arriving(bytes, chunk: 97)).tensor.bytes
                }
                #expect(whole == streamed, "\(name), \(bytes.count) bytes")
            }
        }
    }

    /// The speculative work is really done while the file arrives (the tests above would pass
    /// were it always discarded): for PNGs the fast path takes, including IDAT split in 9
    /// chunks, it yields the fast path's image itself.
    @Test(arguments: ["basn0g08.png", "basn0g16.png", "basn2c08.png", "basn2c16.png", "basn4a16.png", "basn6a08.png", "oi9n2c16.png"])
    func aPNGIsInflatedAndUnfilteredWhileItArrives(_ name: String) throws {
        let folder = URL(fileURLWithPath: PreparationFixtures.repositoryRoot).deletingLastPathComponent()
            .appending(path: "shared/testdata/pngsuite")
        let bytes = try [UInt8](Data(contentsOf: folder.appending(path: name)))
        let inflation = try #require(PNGFastPath.inflate(arriving: Self.arriving(bytes, chunk: 50), limits: .default))
        #expect(inflation.image == PNGFastPath.decode(bytes, memoryLimit: 1 << 30), "\(name)")
    }

    @Test func aCompleteButTruncatedJPEGIsTruncatedImage() throws {
        let bytes = Array(try Self.fixture("film-1200x1500.jpg").prefix(60_000))
        let preparer = try TensorPreparer()
        #expect(throws: PreparationError.image(.truncatedImage)) { try preparer.prepare(bytes) }
        #expect(throws: PreparationError.image(.truncatedImage)) { try preparer.prepare(arriving: Self.arriving(bytes)) }
    }

    @Test(arguments: [100, 5_000, 60_000])
    func aBrokenTransferIsInputInterruptedNotTruncated(failingAfter: Int) throws {
        let bytes = try Self.fixture("film-1200x1500.jpg")
        #expect(throws: PreparationError.image(.inputInterrupted)) {
            try TensorPreparer().prepare(arriving: Self.arriving(bytes, failingAfter: failingAfter))
        }
    }

    @Test func aPNGWhoseTransferBreaksIsInputInterrupted() throws {
        let bytes = try Self.fixture("rgb-333x517.png")
        #expect(throws: PreparationError.image(.inputInterrupted)) {
            try TensorPreparer().prepare(arriving: Self.arriving(bytes, failingAfter: bytes.count / 2))
        }
    }

    @Test func aCorruptScanIsTheSameErrorAsForTheWholeBody() throws {
        var bytes = try Self.fixture("photo-640x480.jpg")
        // Damage the entropy-coded data well after the header: a marker where none may be.
        for index in stride(from: bytes.count / 3, to: bytes.count / 3 + 64, by: 2) { bytes[index] = 0xFF; bytes[index + 1] = 0xD9 - 8 }
        let preparer = try TensorPreparer()
        let whole = Result { () throws(PreparationError) in try preparer.prepare(bytes) }
        let streamed = Result { () throws(PreparationError) in try preparer.prepare(arriving: Self.arriving(bytes)) }
        guard case .failure(let wholeError) = whole, case .failure(let streamedError) = streamed else {
            Issue.record("the damaged JPEG decoded: \(whole), \(streamed)")
            return
        }
        #expect(streamedError == wholeError)
        #expect(streamedError.errorType == "CorruptImage")
    }

    /// A reader that fails abandons the body: the producer's next append is refused, which is
    /// what stops an S3 transfer.
    @Test func aFailingReaderAbandonsTheBody() throws {
        var bytes = try Self.fixture("photo-640x480.jpg")
        bytes[2] = 0x00  // no longer a JPEG (FF D8 00): waits for the whole body, then fails
        let body = ArrivingBytes(announcedLength: bytes.count + 1000, limit: bytes.count + 1000)
        let preparer = try TensorPreparer()
        let reader = ArrivingBytesReader(body) { body in Result { () throws(PreparationError) in try preparer.prepare(arriving: body) } }
        #expect(bytes.withUnsafeBytes { body.append($0) })
        body.fail()
        #expect(throws: PreparationError.image(.inputInterrupted)) { try reader.join().get() }

        let second = ArrivingBytes(announcedLength: 1 << 20, limit: 1 << 20)
        let damaged = ArrivingBytesReader(second) { body in
            Result { () throws(PreparationError) in try preparer.prepare(arriving: body) }
        }
        var corrupt = try Self.fixture("photo-640x480.jpg").prefix(2_000).map { $0 }
        for index in 600..<700 { corrupt[index] = 0xFF }  // inside the header's tables: corrupt at once
        #expect(corrupt.withUnsafeBytes { second.append($0) })
        // A safety net, not the mechanism: were the decoder still waiting in 10 s, this ends it
        // (and the state below would say `failed`).
        Thread {
            sleep(10); second.fail()
        }.start()
        let result = damaged.join()  // the decoder failed on what arrived, before the body ended
        #expect(throws: PreparationError.self) { try result.get() }
        #expect(second.currentState == .abandoned)
        #expect([UInt8](repeating: 0, count: 16).withUnsafeBytes { second.append($0) } == false)
    }

    @Test func anOverrunningBodyFails() {
        let body = ArrivingBytes(announcedLength: 10, limit: 100)
        #expect([UInt8](repeating: 1, count: 8).withUnsafeBytes { body.append($0) })
        #expect([UInt8](repeating: 1, count: 8).withUnsafeBytes { body.append($0) } == false)
        #expect(body.overran)
        #expect(body.currentState == .failed)
        #expect(body.wait(beyond: 8) == .interrupted)
        let short = ArrivingBytes(announcedLength: 10, limit: 100)
        #expect([UInt8](repeating: 1, count: 8).withUnsafeBytes { short.append($0) })
        short.finish()
        #expect(short.currentState == .failed, "a body shorter than announced is not complete")
    }
}
