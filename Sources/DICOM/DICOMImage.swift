import Imaging

/// Which frame of a multi-frame object to prepare.
public enum FrameSelection: Sendable, Equatable {
    /// A 0-based frame index.
    case index(Int)
    /// Frame `NumberOfFrames / 2` (rounded down): the middle slice of a volume or cine.
    case middle

    /// The first frame (the default).
    public static let first = FrameSelection.index(0)

    /// The 0-based index among `frameCount` frames.
    ///
    /// - Throws: `DICOMError.corrupt` when the index is out of range.
    public func index(among frameCount: Int) throws(DICOMError) -> Int {
        switch self {
        case .middle: return frameCount / 2
        case .index(let index):
            guard (0..<frameCount).contains(index) else {
                throw .corrupt(detail: "frame \(index) requested, the object has \(frameCount)")
            }
            return index
        }
    }
}

/// A DICOM object with pixel data: its header, pixel module and per-frame decoding.
public struct DICOMImage: Sendable {
    /// The parsed file.
    public let file: DICOMFile
    /// The Image Pixel module, checked against the limits.
    public let pixelModule: PixelModule
    /// The limits the file was read with; the codecs get them too.
    public let limits: DICOMLimits

    /// Parses `bytes` and checks the pixel module.
    ///
    /// - Throws: `DICOMError` (`.corrupt` when there is no Pixel Data).
    public init(bytes: [UInt8], limits: DICOMLimits = .default) throws(DICOMError) {
        try self.init(file: try DICOMFile(bytes: bytes, limits: limits), limits: limits)
    }

    /// Checks the pixel module of an already parsed file.
    ///
    /// - Throws: `DICOMError` (`.corrupt` when there is no Pixel Data).
    public init(file: DICOMFile, limits: DICOMLimits = .default) throws(DICOMError) {
        guard file.dataSet[.pixelData] != nil else { throw .corrupt(detail: "the object has no Pixel Data (7FE0,0010)") }
        self.file = file
        self.pixelModule = try PixelModule(file.dataSet, limits: limits)
        self.limits = limits
    }

    /// The stored values of frame `index` (0-based), interleaved, masked to Bits Stored and
    /// sign-extended: what pydicom 3's `pixel_array` returns, YBR_FULL already converted to
    /// RGB, palette indices not yet looked up.
    ///
    /// - Throws: `DICOMError` (`.unsupportedTransferSyntax` for syntaxes without a decoder here).
    public func storedValues(frame index: Int) throws(DICOMError) -> [Int32] {
        let module = pixelModule
        guard (0..<module.numberOfFrames).contains(index) else {
            throw .corrupt(detail: "frame \(index) requested, the object has \(module.numberOfFrames)")
        }
        let dataSet = file.dataSet
        guard let element = dataSet[.pixelData] else { throw .corrupt(detail: "the object has no Pixel Data (7FE0,0010)") }
        let syntax = file.transferSyntax
        var values: [Int32]
        var isAlreadyRGB = false
        let photometric = module.photometricInterpretation
        if element.fragments == nil {
            // Subsampled native YBR (422/420) is not decoded here: refuse it before its size check.
            if photometric.hasPrefix("YBR"), photometric != "YBR_FULL" {
                throw .unsupportedPixelData(detail: "\(photometric) with \(module.bitsStored)-bit samples in \(syntax.uid)")
            }
            guard syntax.pixelEncoding == .native else {
                throw .corrupt(detail: "Pixel Data has a defined length in the encapsulated syntax \(syntax.uid)")
            }
            values = try NativePixelDecoder.frame(index, of: dataSet.bytes[element.valueRange], module: module)
        } else {
            let frame = try EncapsulatedFrames.frame(index, of: element, in: dataSet, frameCount: module.numberOfFrames)
            switch syntax.pixelEncoding {
            case .rle:
                values = try RLEDecoder.decode(frame, module: module)
            case .jpegBaseline, .jpegExtended:
                // libjpeg-turbo 2.1.5 here decodes 8-bit samples only (12-bit .51 is refused), and
                // converts YCbCr to RGB itself, as pydicom 3 does.
                guard module.bitsStored <= 8 else { throw .unsupportedTransferSyntax(uid: syntax.uid) }
                if module.samplesPerPixel == 3, photometric == "RGB", JPEGColourTransform.libjpegGuessesYCbCr(frame) {
                    throw .unsupportedPixelData(detail: "an RGB JPEG frame whose component ids leave its colour space to a guess")
                }
                values = try decodeJPEG(frame)
                isAlreadyRGB = true
            case .native, .jpegLossless, .jpeg2000, .htj2k, .undecodable:
                throw .unsupportedTransferSyntax(uid: syntax.uid)
            }
        }
        if module.samplesPerPixel == 3, photometric.hasPrefix("YBR"), !isAlreadyRGB {
            // Subsampled (422/420) native YBR and the JPEG 2000 transforms outside their codec are
            // not decoded here.
            guard photometric == "YBR_FULL", module.bitsStored <= 8 else {
                throw .unsupportedPixelData(detail: "\(photometric) with \(module.bitsStored)-bit samples in \(syntax.uid)")
            }
            ColorConversion.convertYBRFullToRGB(&values)
        }
        return values
    }

    private func decodeJPEG(_ frame: ArraySlice<UInt8>) throws(DICOMError) -> [Int32] {
        let decoded: DecodedImage
        do {
            decoded = try JPEGDecoder(limits: limits.image, appliesOrientation: false).decode(Array(frame))
        } catch {
            switch error {
            case .imageTooLarge, .inputTooLarge, .decoderOutOfMemory: throw .imageTooLarge(detail: error.description)
            case .truncatedImage: throw .truncated(detail: "a JPEG frame ends early")
            case .unsupportedImage: throw .unsupportedPixelData(detail: error.description)
            case .emptyInput, .unsupportedFormat, .corruptImage: throw .corrupt(detail: "a JPEG frame: \(error.description)")
            }
        }
        let module = pixelModule
        guard decoded.width == module.columns, decoded.height == module.rows, decoded.channels == module.samplesPerPixel else {
            throw .corrupt(
                detail: "a JPEG frame is \(decoded.width)×\(decoded.height)×\(decoded.channels), the pixel module says "
                    + "\(module.columns)×\(module.rows)×\(module.samplesPerPixel)")
        }
        guard case .eightBit(let samples) = decoded.samples else { throw .unsupportedPixelData(detail: "a JPEG frame above 8 bits") }
        return samples.map { Int32($0) }
    }
}
