/// Uncompressed pixel data (PS3.5 8.1.1): one frame's samples as 32-bit stored values,
/// interleaved, masked to Bits Stored and sign-extended.
enum NativePixelDecoder {
    /// Decodes frame `index` (0-based, checked by the caller) of `data`, which holds
    /// `frameCount` frames (all of the object's, or the one read on its own).
    ///
    /// - Throws: `DICOMError.truncated` when the pixel data is shorter than all its frames.
    static func frame(_ index: Int, of data: ArraySlice<UInt8>, module: PixelModule, frameCount: Int) throws(DICOMError) -> [Int32] {
        try checkLength(of: data, module: module, frameCount: frameCount)
        let samples = module.samplesPerFrame
        let bitsPerFrame = samples * module.bitsAllocated
        let firstBit = index * bitsPerFrame
        let bytesPerSample = module.bitsAllocated / 8
        let pixels = module.rows * module.columns
        let channels = module.samplesPerPixel
        return [Int32](unsafeUninitializedCapacity: samples) { output, initialized in
            data.withUnsafeBufferPointer { input in
                if module.bitsAllocated == 1 {
                    for sample in 0..<samples {
                        let bit = firstBit + sample
                        output[sample] = Int32((input[bit >> 3] >> UInt8(bit & 7)) & 1)
                    }
                    return
                }
                let frameStart = firstBit / 8
                for sample in 0..<samples {
                    // Planar: sample s of pixel p sits in plane s; the output is always interleaved.
                    let source = module.isPlanar ? (sample % channels) * pixels + sample / channels : sample
                    let offset = frameStart + source * bytesPerSample
                    var raw = UInt32(input[offset])
                    if bytesPerSample >= 2 { raw |= UInt32(input[offset + 1]) << 8 }
                    if bytesPerSample == 4 { raw |= UInt32(input[offset + 2]) << 16 | UInt32(input[offset + 3]) << 24 }
                    output[sample] = module.storedValue(raw)
                }
            }
            initialized = samples
        }
    }

    /// Frame `index` of one-sample-per-pixel 8- or 16-bit data as it lies in `data`, not yet
    /// masked (no copy); nil for any other layout, which `frame` decodes.
    ///
    /// - Throws: `DICOMError.truncated` as `frame` does.
    static func unmaskedFrame(_ index: Int, of data: ArraySlice<UInt8>, module: PixelModule, frameCount: Int) throws(DICOMError)
        -> UnmaskedSamples?
    {
        guard module.samplesPerPixel == 1, module.bitsAllocated == 8 || module.bitsAllocated == 16 else { return nil }
        try checkLength(of: data, module: module, frameCount: frameCount)
        let frameBytes = module.samplesPerFrame * module.bitsAllocated / 8
        let start = data.startIndex + index * frameBytes
        let frame = data[start..<start + frameBytes]
        return module.bitsAllocated == 8 ? .bytes(frame) : .littleEndianWords(frame)
    }

    /// - Throws: `DICOMError.truncated` when `data` is shorter than `frameCount` frames.
    private static func checkLength(of data: ArraySlice<UInt8>, module: PixelModule, frameCount: Int) throws(DICOMError) {
        // Frames of 1-bit data are packed back to back and need not start on a byte boundary.
        let neededBytes = (frameCount * module.samplesPerFrame * module.bitsAllocated + 7) / 8
        guard data.count >= neededBytes else {
            throw .truncated(detail: "Pixel Data has \(data.count) bytes, \(frameCount) frames need \(neededBytes)")
        }
    }
}
