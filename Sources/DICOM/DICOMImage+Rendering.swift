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
        let module = pixelModule
        let frame = try selection.index(among: module.numberOfFrames)
        let stored = try storedValues(frame: frame)
        let photometric = module.photometricInterpretation
        let values: [Float]
        let channels: Int
        switch photometric {
        case "MONOCHROME1", "MONOCHROME2":
            try requireSamples(1)
            values = try grayscale(stored, frame: frame, windowOverride: windowOverride, inverts: photometric == "MONOCHROME1")
            channels = 1
        case "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT", "YBR_RCT":
            try requireSamples(3)
            guard !module.isSigned else { throw .unsupportedPixelData(detail: "signed \(photometric) samples") }
            // storedValues has already made these RGB (pydicom 3's default) at their stored depth.
            let scale = 1 / Float((Int64(1) << Int64(module.bitsStored)) - 1)
            values = stored.map { Float($0) * scale }
            channels = 3
        case "PALETTE COLOR":
            try requireSamples(1)
            values = try palette(stored)
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

    /// Modality → VOI → MONOCHROME1 inversion, in place over one Float buffer.
    private func grayscale(_ stored: [Int32], frame: Int, windowOverride: WindowOverride?, inverts: Bool) throws(DICOMError) -> [Float] {
        let dataSet = file.dataSet
        let isSigned = pixelModule.isSigned
        // Enhanced multi-frame objects carry rescale and window per frame (or shared) in
        // functional groups (PS3.3 C.7.6.16); those replace the top-level attributes.
        let transformSource = functionalGroup(.pixelValueTransformationSequence, frame: frame) ?? dataSet
        let voiSource = functionalGroup(.frameVOILUTSequence, frame: frame) ?? dataSet
        // One pass: the modality values, written in place (not appended one by one as by
        // Array.map), and their range for a min–max VOI. A slope or LUT can overflow Float32;
        // such a frame has no meaningful intensities.
        var lowest = Float.infinity
        var highest = -Float.infinity
        var nonFinite = 0
        @inline(__always) func modalityValues(_ modality: (Int32) -> Float) -> [Float] {
            [Float](unsafeUninitializedCapacity: stored.count) { output, initialized in
                stored.withUnsafeBufferPointer { input in
                    for index in input.indices {
                        let value = modality(input[index])
                        output[index] = value
                        lowest = min(lowest, value)
                        highest = max(highest, value)
                        nonFinite += value.isFinite ? 0 : 1
                    }
                }
                initialized = stored.count
            }
        }
        var values: [Float]
        if let item = dataSet[.modalityLUTSequence]?.items.first {
            let table = try LookupTable(descriptor: .lutDescriptor, data: .lutData, in: item, firstMappedIsSigned: isSigned)
            values = modalityValues { Float(table.entry(for: Double($0))) }
        } else {
            let slope = try transformSource.number(.rescaleSlope) ?? 1
            let intercept = try transformSource.number(.rescaleIntercept) ?? 0
            values = modalityValues { Float(Double($0) * slope + intercept) }
        }
        guard nonFinite == 0 else { throw .corrupt(detail: "the modality transformation gives values beyond Float32") }
        let transform: VOITransform
        if let windowOverride {
            transform = .configuredWindow(center: windowOverride.center, width: windowOverride.width)
        } else if let item = voiSource[.voiLUTSequence]?.items.first {
            transform = .lookupTable(try LookupTable(descriptor: .lutDescriptor, data: .lutData, in: item, firstMappedIsSigned: isSigned))
        } else if let center = try voiSource.number(.windowCenter), let width = try voiSource.number(.windowWidth) {
            let name = voiSource.string(.voiLUTFunction) ?? "LINEAR"
            guard let function = VOITransform.Function(rawValue: name) else {
                throw .unsupportedPixelData(detail: "VOI LUT Function \(name)")
            }
            guard function == .linear ? width >= 1 : width > 0 else {
                throw .corrupt(detail: "Window Width \(width) is invalid for \(name)")
            }
            transform = .window(center: center, width: width, function: function)
        } else {
            transform = .minMax(lowest: Double(lowest), highest: Double(highest))
        }
        values.withUnsafeMutableBufferPointer { transform.apply(to: $0, inverts: inverts) }
        return values
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
