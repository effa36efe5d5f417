/// The Image Pixel module (PS3.3 C.7.6.3) of a dataset, checked against the limits before any
/// pixel buffer exists.
public struct PixelModule: Sendable, Equatable {
    /// (0028,0010) Rows and (0028,0011) Columns.
    public let rows: Int
    public let columns: Int
    /// (0028,0002): 1 or 3.
    public let samplesPerPixel: Int
    /// (0028,0100): 1, 8, 16 or 32 for native data; what the codec produces otherwise.
    public let bitsAllocated: Int
    /// (0028,0101): 1…bitsAllocated.
    public let bitsStored: Int
    /// (0028,0103) = 1: samples are two's complement.
    public let isSigned: Bool
    /// (0028,0006) = 1: colour-by-plane (all R, then all G, then all B) rather than interleaved.
    public let isPlanar: Bool
    /// (0028,0008), 1 when absent.
    public let numberOfFrames: Int
    /// (0028,0004), e.g. `MONOCHROME2`, `RGB`, `YBR_FULL`, `PALETTE COLOR`.
    public let photometricInterpretation: String

    /// Reads and checks the module.
    ///
    /// - Throws: `DICOMError.corrupt` for missing or inconsistent attributes,
    ///   `.unsupportedPixelData` for a sample layout outside docs/dicom.md, `.imageTooLarge`
    ///   beyond `limits` (before anything is allocated).
    public init(_ dataSet: DataSet, limits: DICOMLimits = .default) throws(DICOMError) {
        guard let rows = try dataSet.integer(.rows), let columns = try dataSet.integer(.columns) else {
            throw .corrupt(detail: "Rows (0028,0010) or Columns (0028,0011) is missing")
        }
        guard let bitsAllocated = try dataSet.integer(.bitsAllocated) else {
            throw .corrupt(detail: "Bits Allocated (0028,0100) is missing")
        }
        let samplesPerPixel = try dataSet.integer(.samplesPerPixel) ?? 1
        let bitsStored = try dataSet.integer(.bitsStored) ?? bitsAllocated
        let photometric = dataSet.string(.photometricInterpretation) ?? (samplesPerPixel == 1 ? "MONOCHROME2" : "RGB")
        let frames = try dataSet.integer(.numberOfFrames) ?? 1
        guard rows > 0, columns > 0 else { throw .corrupt(detail: "the image is \(columns)×\(rows)") }
        guard samplesPerPixel == 1 || samplesPerPixel == 3 else {
            throw .unsupportedPixelData(detail: "Samples per Pixel is \(samplesPerPixel) (1 or 3 are read)")
        }
        guard [1, 8, 16, 32].contains(bitsAllocated) else { throw .unsupportedPixelData(detail: "Bits Allocated is \(bitsAllocated)") }
        guard (1...bitsAllocated).contains(bitsStored) else {
            throw .corrupt(detail: "Bits Stored \(bitsStored) does not fit in Bits Allocated \(bitsAllocated)")
        }
        let isSigned = try dataSet.integer(.pixelRepresentation) == 1
        // Int32 holds every stored value but unsigned 32-bit ones above 2³¹ − 1.
        guard !(bitsStored == 32 && !isSigned) else { throw .unsupportedPixelData(detail: "unsigned 32-bit stored values") }
        guard frames >= 1 else { throw .corrupt(detail: "Number of Frames is \(frames)") }
        guard frames <= limits.maximumFrameCount else {
            throw .imageTooLarge(detail: "\(frames) frames, beyond the limit of \(limits.maximumFrameCount)")
        }
        let image = limits.image
        guard rows <= image.maximumDimension, columns <= image.maximumDimension else {
            throw .imageTooLarge(detail: "\(columns)×\(rows), beyond the limit of \(image.maximumDimension) pixels per side")
        }
        // Both factors are at most maximumDimension here, so no product below can overflow.
        guard rows * columns <= image.maximumPixels else {
            throw .imageTooLarge(detail: "\(columns)×\(rows), beyond the limit of \(image.maximumPixels) pixels")
        }
        // One frame is decoded at a time, to 32-bit stored values, then to 32-bit floats.
        let frameBytes = rows * columns * samplesPerPixel * 4
        guard frameBytes <= image.maximumDecodedBytes else {
            throw .imageTooLarge(
                detail: "\(columns)×\(rows)×\(samplesPerPixel) decodes to \(frameBytes) bytes, beyond \(image.maximumDecodedBytes)")
        }
        self.rows = rows
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.isSigned = isSigned
        let planarConfiguration = try dataSet.integer(.planarConfiguration)
        self.isPlanar = samplesPerPixel > 1 && planarConfiguration == 1
        self.numberOfFrames = frames
        self.photometricInterpretation = photometric
    }

    /// rows × columns × samples per pixel.
    public var samplesPerFrame: Int { rows * columns * samplesPerPixel }

    /// Whether the photometric interpretation is MONOCHROME1 or MONOCHROME2.
    public var isMonochrome: Bool { photometricInterpretation.hasPrefix("MONOCHROME") }

    /// Masks `value` to Bits Stored and sign-extends it when Pixel Representation is 1.
    @inline(__always)
    func storedValue(_ raw: UInt32) -> Int32 {
        // Without branches, so loops over a frame vectorise: the unused high bits are shifted out,
        // then back in as zeros (unsigned) or as copies of the sign bit (an arithmetic shift).
        let unused = UInt32(32 - bitsStored)
        let shifted = raw &<< unused
        return isSigned ? Int32(bitPattern: shifted) &>> Int32(unused) : Int32(bitPattern: shifted &>> unused)
    }
}
