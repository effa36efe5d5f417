import Imaging

/// A window in modality units (Hounsfield units for CT) that replaces the file's VOI.
public struct WindowOverride: Sendable, Equatable {
    /// Centre of the window.
    public var center: Double
    /// Width of the window (positive).
    public var width: Double

    /// Creates a window.
    public init(center: Double, width: Double) {
        self.center = center
        self.width = width
    }
}

extension DICOMImage {
    /// One frame as intensities in 0…1 (docs/dicom.md "Pixel semantics"): for grayscale the
    /// Modality LUT or rescale, then the VOI LUT, the window or the frame's min–max, then
    /// MONOCHROME1 inversion (one channel); for colour the RGB samples or the palette's entries
    /// over their full scale (three channels, never windowed).
    ///
    /// The result has `maximumSampleValue` 1 and feeds the same resize as a decoded JPEG or PNG.
    ///
    /// - Parameter windowOverride: a window from the model configuration; it replaces the file's
    ///   VOI for grayscale and is ignored for colour.
    /// - Throws: `DICOMError`.
    public func render(_ selection: FrameSelection = .first, windowOverride: WindowOverride? = nil) throws(DICOMError)
        -> ResampledImage
    {
        try render(selection, windowOverride: windowOverride, grayscalePath: .fastest)
    }

    /// How grayscale intensities are computed; every path gives the same values
    /// (`GrayscaleLookupTableTests` compares them over every stored value).
    enum GrayscalePath {
        /// Through a table of the frame's stored values when ``grayscaleTableIndexing(for:)``
        /// allows one and the frame has at least as many samples as the table has entries.
        case fastest
        /// Sample by sample, always.
        case perSample
        /// Through the table whenever ``grayscaleTableIndexing(for:)`` allows one, however small the frame.
        case lookupTable
    }

    /// `render(_:windowOverride:)` along a chosen path (tests compare the paths).
    func render(_ selection: FrameSelection, windowOverride: WindowOverride?, grayscalePath: GrayscalePath) throws(DICOMError)
        -> ResampledImage
    {
        let module = pixelModule
        let frame = try selection.index(among: module.numberOfFrames)
        let decoded = try decodedFrame(frame)
        let photometric = module.photometricInterpretation
        let values: [Float]
        let channels: Int
        switch photometric {
        case "MONOCHROME1", "MONOCHROME2":
            try requireSamples(1)
            values = try grayscale(
                decoded, frame: frame, windowOverride: windowOverride, inverts: photometric == "MONOCHROME1", path: grayscalePath)
            channels = 1
        case "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT", "YBR_RCT":
            try requireSamples(3)
            guard !module.isSigned else { throw .unsupportedPixelData(detail: "signed \(photometric) samples") }
            // storedValues has already made these RGB (pydicom 3's default) at their stored depth.
            let scale = 1 / Float((Int64(1) << Int64(module.bitsStored)) - 1)
            values = decoded.storedValues(module).map { Float($0) * scale }
            channels = 3
        case "PALETTE COLOR":
            try requireSamples(1)
            values = try palette(decoded.storedValues(module))
            channels = 3
        default:
            throw .unsupportedPixelData(detail: "Photometric Interpretation \(photometric)")
        }
        return ResampledImage(width: module.columns, height: module.rows, channels: channels, values: values, maximumSampleValue: 1)
    }

    private func requireSamples(_ count: Int) throws(DICOMError) {
        guard pixelModule.samplesPerPixel == count else {
            throw .corrupt(detail: "\(pixelModule.photometricInterpretation) with \(pixelModule.samplesPerPixel) samples per pixel")
        }
    }

    /// How a grayscale table indexes a frame's samples, when a table can stand in for the
    /// per-sample path: samples not yet masked (native 8/16-bit, JPEG Lossless, JPEG 2000) with
    /// at most 16 bits stored; nil otherwise.
    func grayscaleTableIndexing(for decoded: DecodedFrame) -> GrayscaleTableIndexing? {
        guard case .unmasked(let samples) = decoded, samples.count > 0, pixelModule.bitsStored <= 16 else { return nil }
        let mask = UInt32(1) << pixelModule.bitsStored - 1
        let flip = pixelModule.isSigned ? UInt32(1) << (pixelModule.bitsStored - 1) : 0
        var lowest = UInt32.max
        var highest = UInt32.min
        // Without a branch per sample, so that this pass vectorises.
        samples.forEach { _, raw in
            let key = (raw ^ flip) & mask
            lowest = min(lowest, key)
            highest = max(highest, key)
        }
        return GrayscaleTableIndexing(mask: mask, flip: flip, keys: lowest...highest)
    }

    /// Modality → VOI → MONOCHROME1 inversion.
    ///
    /// Per sample, or — when the frame has more samples than the span of its stored values
    /// (a 512² CT spans a few thousand, a 12-bit CR film at most 4096) — through a table: the
    /// same modality, VOI and inversion code computes the intensity of every stored value in that
    /// span once, and each sample is then one lookup. Both give the same Float for each sample;
    /// only a min–max VOI needs the frame's own range, which the table path folds over the frame
    /// in the same order as the per-sample path.
    private func grayscale(_ decoded: DecodedFrame, frame: Int, windowOverride: WindowOverride?, inverts: Bool, path: GrayscalePath)
        throws(DICOMError) -> [Float]
    {
        let dataSet = file.dataSet
        let module = pixelModule
        // Enhanced multi-frame objects carry rescale and window per frame (or shared) in
        // functional groups (PS3.3 C.7.6.16); those replace the top-level attributes.
        let transformSource = functionalGroup(.pixelValueTransformationSequence, frame: frame) ?? dataSet
        let voiSource = functionalGroup(.frameVOILUTSequence, frame: frame) ?? dataSet
        let modality: ModalityTransform
        if let item = dataSet[.modalityLUTSequence]?.items.first {
            modality = .lookupTable(
                try LookupTable(descriptor: .lutDescriptor, data: .lutData, in: item, firstMappedIsSigned: module.isSigned))
        } else {
            modality = .rescale(
                slope: try transformSource.number(.rescaleSlope) ?? 1, intercept: try transformSource.number(.rescaleIntercept) ?? 0)
        }
        if path != .perSample, case .unmasked(let samples) = decoded, let indexing = grayscaleTableIndexing(for: decoded),
            path == .lookupTable || samples.count >= indexing.keys.count
        {
            var tableRange = ModalityRange()
            var table = modality.values(of: indexing.keys.map { module.storedValue(indexing.lowBits(ofKey: $0)) }, range: &tableRange)
            // A non-finite entry may not even occur in the frame, and the VOI below is only
            // defined on finite values: such frames take the per-sample path, which decides.
            if tableRange.nonFiniteCount == 0 {
                let transform = try voiTransform(voiSource, windowOverride: windowOverride) {
                    var range = ModalityRange()
                    table.withUnsafeBufferPointer { table in samples.forEach { _, raw in range.include(table[indexing.entry(raw)]) } }
                    return range
                }
                table.withUnsafeMutableBufferPointer { transform.apply(to: $0, inverts: inverts) }
                return [Float](unsafeUninitializedCapacity: samples.count) { output, initialized in
                    table.withUnsafeBufferPointer { table in samples.forEach { index, raw in output[index] = table[indexing.entry(raw)] } }
                    initialized = samples.count
                }
            }
        }
        var range = ModalityRange()
        var values = modality.values(of: decoded.storedValues(module), range: &range)
        guard range.nonFiniteCount == 0 else { throw .corrupt(detail: "the modality transformation gives values beyond Float32") }
        let transform = try voiTransform(voiSource, windowOverride: windowOverride) { range }
        values.withUnsafeMutableBufferPointer { transform.apply(to: $0, inverts: inverts) }
        return values
    }

    /// The VOI of a frame (docs/dicom.md "Pixel semantics", step 2): the configured window, else
    /// the VOI LUT, else the window, else min–max over `frameRange()` (asked only then).
    private func voiTransform(_ voiSource: DataSet, windowOverride: WindowOverride?, frameRange: () -> ModalityRange)
        throws(DICOMError) -> VOITransform
    {
        if let windowOverride {
            return .configuredWindow(center: windowOverride.center, width: windowOverride.width)
        }
        if let item = voiSource[.voiLUTSequence]?.items.first {
            return .lookupTable(
                try LookupTable(descriptor: .lutDescriptor, data: .lutData, in: item, firstMappedIsSigned: pixelModule.isSigned))
        }
        if let center = try voiSource.number(.windowCenter), let width = try voiSource.number(.windowWidth) {
            let name = voiSource.string(.voiLUTFunction) ?? "LINEAR"
            guard let function = VOITransform.Function(rawValue: name) else {
                throw .unsupportedPixelData(detail: "VOI LUT Function \(name)")
            }
            guard function == .linear ? width >= 1 : width > 0 else {
                throw .corrupt(detail: "Window Width \(width) is invalid for \(name)")
            }
            return .window(center: center, width: width, function: function)
        }
        let range = frameRange()
        return .minMax(lowest: Double(range.lowest), highest: Double(range.highest))
    }

    /// PALETTE COLOR: each stored index through the red, green and blue LUTs, / (2^bits − 1).
    private func palette(_ stored: [Int32]) throws(DICOMError) -> [Float] {
        let dataSet = file.dataSet
        guard dataSet[.segmentedRedPaletteData] == nil else { throw .unsupportedPixelData(detail: "segmented palette colour LUTs") }
        let isSigned = pixelModule.isSigned
        let tables = [
            try LookupTable(descriptor: .redPaletteDescriptor, data: .redPaletteData, in: dataSet, firstMappedIsSigned: isSigned),
            try LookupTable(descriptor: .greenPaletteDescriptor, data: .greenPaletteData, in: dataSet, firstMappedIsSigned: isSigned),
            try LookupTable(descriptor: .bluePaletteDescriptor, data: .bluePaletteData, in: dataSet, firstMappedIsSigned: isSigned),
        ]
        var values = [Float](repeating: 0, count: stored.count * 3)
        for (pixel, index) in stored.enumerated() {
            for (channel, table) in tables.enumerated() {
                values[pixel * 3 + channel] = Float(Double(table.entry(for: Double(index))) / table.maximumEntry)
            }
        }
        return values
    }

    /// The first item of functional group `tag` for `frame`: per-frame first, else shared.
    private func functionalGroup(_ tag: DICOMTag, frame: Int) -> DataSet? {
        let dataSet = file.dataSet
        if let perFrame = dataSet[.perFrameFunctionalGroupsSequence]?.items, frame < perFrame.count,
            let item = perFrame[frame][tag]?.items.first
        {
            return item
        }
        return dataSet[.sharedFunctionalGroupsSequence]?.items.first?[tag]?.items.first
    }
}

/// How the grayscale table of a frame is indexed: by a sample's *key*, `(raw ^ flip) & mask` —
/// its low BitsStored bits with the sign bit flipped for signed samples, which turns two's
/// complement order into unsigned order — less the lowest key of the frame. Keys order like
/// stored values (key = stored value − the lowest stored value the pixel module allows), so the
/// table spans exactly the frame's stored values from its lowest to its highest.
struct GrayscaleTableIndexing {
    /// 2^BitsStored − 1.
    let mask: UInt32
    /// The sign bit of a BitsStored-bit sample when samples are signed, else 0.
    let flip: UInt32
    /// The lowest and highest key among the frame's samples: entry i is for key `keys.lowerBound + i`.
    let keys: ClosedRange<UInt32>

    /// The low BitsStored bits of a sample with this key (what `PixelModule.storedValue` takes).
    func lowBits(ofKey key: UInt32) -> UInt32 { key ^ flip }

    /// The table entry of a sample of the frame: in 0..<keys.count, since the frame's keys are
    /// what `keys` was computed from.
    @inline(__always)
    func entry(_ raw: UInt32) -> Int { Int(((raw ^ flip) & mask) &- keys.lowerBound) }
}
