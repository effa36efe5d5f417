/// One frame's samples as its decoder returns them: masked stored values, or — for one sample
/// per pixel from native 8/16-bit data, JPEG Lossless or JPEG 2000 — the samples before masking,
/// so that the grayscale path can look each one up without an Int32 copy of the frame.
enum DecodedFrame: Sendable {
    /// Masked to Bits Stored, sign-extended, interleaved; YBR_FULL already converted to RGB.
    case stored([Int32])
    /// Still to be masked to Bits Stored and sign-extended.
    case unmasked(UnmaskedSamples)

    /// The stored values (``DICOMImage/storedValues(frame:)``).
    func storedValues(_ module: PixelModule) -> [Int32] {
        switch self {
        case .stored(let values):
            return values
        case .unmasked(let samples):
            return [Int32](unsafeUninitializedCapacity: samples.count) { output, initialized in
                samples.forEach { index, raw in output[index] = module.storedValue(raw) }
                initialized = samples.count
            }
        }
    }
}

/// Samples as the file or a codec holds them, before masking to Bits Stored.
enum UnmaskedSamples: Sendable {
    /// Native 8-bit samples: a slice of the file's bytes.
    case bytes(ArraySlice<UInt8>)
    /// Native 16-bit samples: a slice of the file's bytes, two per sample, little endian.
    case littleEndianWords(ArraySlice<UInt8>)
    /// JPEG Lossless output.
    case words([UInt16])
    /// JPEG 2000 output.
    case integers([Int32])

    /// The number of samples.
    var count: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .littleEndianWords(let bytes): bytes.count / 2
        case .words(let words): words.count
        case .integers(let integers): integers.count
        }
    }

    /// Calls `body(index, raw)` for every sample in order, `raw` being its bits as a UInt32 (the
    /// argument of ``PixelModule/storedValue(_:)``). Inlined with its closure, so each case is
    /// one loop over its buffer.
    @inline(__always)
    func forEach(_ body: (Int, UInt32) -> Void) {
        switch self {
        case .bytes(let bytes):
            bytes.withUnsafeBufferPointer { input in
                for index in input.indices { body(index, UInt32(input[index])) }
            }
        case .littleEndianWords(let bytes):
            bytes.withUnsafeBytes { input in
                guard let start = input.baseAddress else { return }
                // `count` whole words lie in `input`: every load below stays inside it.
                for index in 0..<input.count / 2 {
                    body(index, UInt32(UInt16(littleEndian: (start + 2 &* index).loadUnaligned(as: UInt16.self))))
                }
            }
        case .words(let words):
            words.withUnsafeBufferPointer { input in
                for index in input.indices { body(index, UInt32(input[index])) }
            }
        case .integers(let integers):
            integers.withUnsafeBufferPointer { input in
                for index in input.indices { body(index, UInt32(bitPattern: input[index])) }
            }
        }
    }
}
