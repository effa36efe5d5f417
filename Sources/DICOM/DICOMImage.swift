import Imaging
import JPEG2000
import JPEGLossless

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
    /// The one frame read on its own (``DICOMFrameReader``) when ``file`` is a header only.
    private let separateFrame: DICOMFrameReader.Frame?

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
        separateFrame = nil
    }

    /// A header (``DICOMFile/init(header:limits:)``) and one of its frames read on its own
    /// (``DICOMFrameReader``): only that frame can be decoded or rendered.
    ///
    /// - Throws: `DICOMError` from the pixel module's checks.
    public init(header: DICOMFile, frame: DICOMFrameReader.Frame, limits: DICOMLimits = .default) throws(DICOMError) {
        self.file = header
        self.pixelModule = try PixelModule(header.dataSet, limits: limits)
        self.limits = limits
        separateFrame = frame
    }

    /// The stored values of frame `index` (0-based), interleaved, masked to Bits Stored and
    /// sign-extended: what pydicom 3's `pixel_array` returns, YBR_FULL already converted to
    /// RGB, palette indices not yet looked up.
    ///
    /// - Throws: `DICOMError` (`.unsupportedTransferSyntax` for syntaxes without a decoder here).
    public func storedValues(frame index: Int) throws(DICOMError) -> [Int32] {
        try decodedFrame(index).storedValues(pixelModule)
    }

    /// Frame `index` as its decoder returns it: one sample per pixel from native 8/16-bit data,
    /// JPEG Lossless or JPEG 2000 before masking (the grayscale path looks those up directly),
    /// everything else as stored values. Every check and error of ``storedValues(frame:)``.
    func decodedFrame(_ index: Int) throws(DICOMError) -> DecodedFrame {
        let module = pixelModule
        guard (0..<module.numberOfFrames).contains(index) else {
            throw .corrupt(detail: "frame \(index) requested, the object has \(module.numberOfFrames)")
        }
        // Where the frame's bytes are: the whole pixel data of a native object (frames back to
        // back), one encapsulated frame's codestream, or the one frame read on its own.
        let native: (data: ArraySlice<UInt8>, index: Int, frameCount: Int)?
        let encapsulated: ArraySlice<UInt8>?
        if let separateFrame {
            guard separateFrame.index == index else {
                throw .corrupt(detail: "frame \(index) requested, only frame \(separateFrame.index) was read")
            }
            (native, encapsulated) =
                separateFrame.isEncapsulated ? (nil, separateFrame.bytes[...]) : ((separateFrame.bytes[...], 0, 1), nil)
        } else {
            let dataSet = file.dataSet
            guard let element = dataSet[.pixelData] else { throw .corrupt(detail: "the object has no Pixel Data (7FE0,0010)") }
            if element.fragments == nil {
                (native, encapsulated) = ((dataSet.bytes[element.valueRange], index, module.numberOfFrames), nil)
            } else {
                (native, encapsulated) = (
                    nil, try EncapsulatedFrames.frame(index, of: element, in: dataSet, frameCount: module.numberOfFrames)
                )
            }
        }
        let syntax = file.transferSyntax
        var values: [Int32]
        var isAlreadyRGB = false
        let photometric = module.photometricInterpretation
        if let native {
            // Subsampled native YBR (422/420) is not decoded here: refuse it before its size check.
            if photometric.hasPrefix("YBR"), photometric != "YBR_FULL" {
                throw .unsupportedPixelData(detail: "\(photometric) with \(module.bitsStored)-bit samples in \(syntax.uid)")
            }
            guard syntax.pixelEncoding == .native else {
                throw .corrupt(detail: "Pixel Data has a defined length in the encapsulated syntax \(syntax.uid)")
            }
            if let samples = try NativePixelDecoder.unmaskedFrame(
                native.index, of: native.data, module: module, frameCount: native.frameCount)
            {
                return .unmasked(samples)
            }
            values = try NativePixelDecoder.frame(native.index, of: native.data, module: module, frameCount: native.frameCount)
        } else if let frame = encapsulated {
            guard syntax.pixelEncoding != .native else {
                throw .corrupt(detail: "Pixel Data is encapsulated in the native syntax \(syntax.uid)")
            }
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
            case .jpegLossless:
                let samples = try decodeJPEGLossless(frame)
                if module.samplesPerPixel == 1 { return .unmasked(samples) }
                values = DecodedFrame.unmasked(samples).storedValues(module)
            case .jpeg2000, .htj2k:
                let samples = try decodeJPEG2000(frame)
                if module.samplesPerPixel == 1 { return .unmasked(samples) }
                values = DecodedFrame.unmasked(samples).storedValues(module)
                // OpenJPEG applies the inverse component transform of YBR_RCT / YBR_ICT itself.
                isAlreadyRGB = photometric == "YBR_RCT" || photometric == "YBR_ICT"
            case .native, .undecodable:
                throw .unsupportedTransferSyntax(uid: syntax.uid)
            }
        } else {
            throw .corrupt(detail: "the object has no Pixel Data (7FE0,0010)")
        }
        if module.samplesPerPixel == 3, photometric.hasPrefix("YBR"), !isAlreadyRGB {
            // Subsampled (422/420) native YBR and the JPEG 2000 transforms outside their codec are
            // not decoded here.
            guard photometric == "YBR_FULL", module.bitsStored <= 8 else {
                throw .unsupportedPixelData(detail: "\(photometric) with \(module.bitsStored)-bit samples in \(syntax.uid)")
            }
            ColorConversion.convertYBRFullToRGB(&values)
        }
        return .stored(values)
    }

    /// JPEG Lossless (process 14) through the pure-Swift codec; not yet masked.
    private func decodeJPEGLossless(_ frame: ArraySlice<UInt8>) throws(DICOMError) -> UnmaskedSamples {
        let maximum = limits.image.maximumPixels
        let result: Result<JPEGLosslessImage, JPEGLosslessError> = frame.withUnsafeBytes { buffer in
            do throws(JPEGLosslessError) {
                return .success(try JPEGLosslessDecoder.decode(buffer, maximumPixelCount: maximum))
            } catch {
                return .failure(error)
            }
        }
        let image: JPEGLosslessImage
        switch result {
        case .success(let decoded): image = decoded
        case .failure(let error):
            switch error {
            case .corruptPixelData(let detail): throw .corrupt(detail: "a JPEG Lossless frame: \(detail)")
            case .truncatedPixelData: throw .truncated(detail: "a JPEG Lossless frame ends early")
            case .imageTooLarge: throw .imageTooLarge(detail: error.description)
            case .unsupportedCoding: throw .unsupportedTransferSyntax(uid: file.transferSyntax.uid)
            }
        }
        try checkSize(width: image.width, height: image.height, components: image.componentCount, codec: "JPEG Lossless")
        return .words(image.samples)
    }

    /// JPEG 2000 / HTJ2K through OpenJPEG (one thread: a Lambda's vCPUs serve one invocation),
    /// not yet masked.
    private func decodeJPEG2000(_ frame: ArraySlice<UInt8>) throws(DICOMError) -> UnmaskedSamples {
        let maximum = limits.image.maximumPixels
        let result: Result<JPEG2000Image, JPEG2000Error> = frame.withUnsafeBytes { buffer in
            do throws(JPEG2000Error) {
                return .success(try JPEG2000Decoder.decode(buffer, maximumPixelCount: maximum, threads: 1))
            } catch {
                return .failure(error)
            }
        }
        let image: JPEG2000Image
        switch result {
        case .success(let decoded): image = decoded
        case .failure(let error):
            switch error {
            case .corruptPixelData(let detail): throw .corrupt(detail: "a JPEG 2000 frame: \(detail)")
            case .truncatedPixelData(let detail): throw .truncated(detail: "a JPEG 2000 frame: \(detail)")
            case .imageTooLarge, .decoderOutOfMemory: throw .imageTooLarge(detail: error.description)
            case .unsupportedCoding: throw .unsupportedTransferSyntax(uid: file.transferSyntax.uid)
            }
        }
        try checkSize(width: image.width, height: image.height, components: image.componentCount, codec: "JPEG 2000")
        return .integers(image.samples)
    }

    private func checkSize(width: Int, height: Int, components: Int, codec: String) throws(DICOMError) {
        let module = pixelModule
        guard width == module.columns, height == module.rows, components == module.samplesPerPixel else {
            throw .corrupt(
                detail: "a \(codec) frame is \(width)×\(height)×\(components), the pixel module says "
                    + "\(module.columns)×\(module.rows)×\(module.samplesPerPixel)")
        }
    }

    private func decodeJPEG(_ frame: ArraySlice<UInt8>) throws(DICOMError) -> [Int32] {
        let decoded: DecodedImage
        do {
            decoded = try JPEGDecoder(limits: limits.image, appliesOrientation: false).decode(Array(frame))
        } catch {
            switch error {
            case .imageTooLarge, .inputTooLarge, .decoderOutOfMemory: throw .imageTooLarge(detail: error.description)
            // A frame in memory is never interrupted; were it, it would be as good as cut short.
            case .truncatedImage, .inputInterrupted: throw .truncated(detail: "a JPEG frame ends early")
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
