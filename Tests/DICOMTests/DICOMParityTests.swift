import DICOM
import Foundation
import Testing

@testable import TensorPreparation

/// Every file of pydicom's test set, pydicom-data and the generated set against pydicom 3's
/// references (scripts/generate-dicom-fixtures.py): stored values bit-exact for lossless
/// syntaxes, intensities and the final tensor within the documented bounds, and a typed error
/// for everything this reader does not decode.
@Suite(.serialized) struct DICOMParityTests {
    /// Whether this reader decodes the entry's pixels; nil when it must refuse them, with the error.
    /// Files pydicom decodes and this reader refuses, with why.
    static let knownRefusals: [String: DICOMError] = [
        // RGB samples with no JFIF/Adobe marker and component ids 0, 1, 2: libjpeg-turbo guesses
        // YCbCr and converts them, pydicom's decoder keeps them.
        "pydicom/SC_jpeg_no_color_transform.dcm": .unsupportedPixelData(
            detail: "an RGB JPEG frame whose component ids leave its colour space to a guess"),
        // The same, behind an Adobe marker cut to 10 bytes, which libjpeg ignores.
        "pydicom/SC_rgb_jpeg.dcm": .unsupportedPixelData(
            detail: "an RGB JPEG frame whose component ids leave its colour space to a guess"),
    ]

    /// Files whose stored values decode but whose intensities this reader refuses.
    static let renderRefusals: [String: DICOMError] = [
        "pydicom-data/gdcm-US-ALOKA-16.dcm": .unsupportedPixelData(detail: "segmented palette colour LUTs")
    ]

    static func expectedRefusal(_ entry: DICOMFixtures.Entry) -> DICOMError? {
        if let refusal = knownRefusals[entry.name] { return refusal }
        guard let uid = entry.transferSyntax, !uid.isEmpty else { return nil }
        let syntax: TransferSyntax
        do { syntax = try TransferSyntax(uid: uid) } catch { return error }
        switch syntax.pixelEncoding {
        case .native, .rle, .jpegBaseline, .jpegExtended:
            if entry.bitsStored == 32, !entry.isSigned { return .unsupportedPixelData(detail: "unsigned 32-bit stored values") }
            // libjpeg-turbo here decodes 8-bit JPEG only: 12-bit Extended (.51) is refused.
            if syntax.pixelEncoding == .jpegExtended, entry.bitsStored > 8 { return .unsupportedTransferSyntax(uid: uid) }
            if entry.photometric == "YBR_FULL_422", syntax.pixelEncoding == .native {
                return .unsupportedPixelData(detail: "YBR_FULL_422 with 8-bit samples in \(uid)")
            }
            return nil
        case .jpegLossless, .jpeg2000, .htj2k:
            return nil
        case .undecodable:
            return .unsupportedTransferSyntax(uid: uid)
        }
    }

    static func isLossy(_ entry: DICOMFixtures.Entry) -> Bool {
        entry.transferSyntax == "1.2.840.10008.1.2.4.50" || entry.transferSyntax == "1.2.840.10008.1.2.4.51"
    }

    static func frame(_ entry: DICOMFixtures.Entry) -> FrameSelection {
        entry.middleFrame ? .middle : .first
    }

    static var decodable: [DICOMFixtures.Entry] {
        get throws {
            try DICOMFixtures.load().entries.filter { $0.reference != nil && $0.hasPreamble && expectedRefusal($0) == nil }
        }
    }

    @Test func theFixturesCoverEverySyntaxThisReaderDecodes() throws {
        let syntaxes = Set(try Self.decodable.compactMap(\.transferSyntax))
        for uid in [
            "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
        ] {
            #expect(syntaxes.contains(uid), "no decodable fixture in \(uid)")
        }
        #expect(try Self.decodable.count >= 100)
    }

    @Test func storedValuesMatchPydicom() throws {
        let fixtures = try DICOMFixtures.load()
        for entry in try Self.decodable {
            let image = try DICOMImage(bytes: try DICOMFixtures.bytes(entry))
            let values = try image.storedValues(frame: entry.frameIndex)
            let reference = try fixtures.int32s(entry)
            #expect(values.count == reference.count, "\(entry.name): \(values.count) samples, pydicom \(reference.count)")
            guard values.count == reference.count else { continue }
            let largest = zip(values, reference).map { abs(Int64($0) - Int64($1)) }.max() ?? 0
            // Lossless syntaxes: bit-exact. JPEG: libjpeg-turbo's IDCT and colour conversion
            // against pydicom's plugin (pylibjpeg-libjpeg or GDCM), within 1.
            #expect(largest <= (Self.isLossy(entry) ? 1 : 0), "\(entry.name): stored values differ by up to \(largest)")
        }
    }

    @Test func intensitiesFollowTheDocumentedSemantics() throws {
        let fixtures = try DICOMFixtures.load()
        for entry in try Self.decodable {
            let image = try DICOMImage(bytes: try DICOMFixtures.bytes(entry))
            if let refusal = Self.renderRefusals[entry.name] {
                #expect(throws: refusal, "\(entry.name)") { _ = try image.render(Self.frame(entry)) }
                continue
            }
            let rendered = try image.render(Self.frame(entry))
            #expect(rendered.channels == entry.channels, "\(entry.name)")
            let reference = try fixtures.floats(entry, "intensity")
            guard rendered.values.count == reference.count else {
                Issue.record("\(entry.name): \(rendered.values.count) values, reference \(reference.count)")
                continue
            }
            let difference = Difference(rendered.values, reference)
            let bound = Self.isLossy(entry) ? 1.5 : 0.01
            #expect(difference.maximum <= bound, "\(entry.name): \(difference) grey levels")
        }
    }

    @Test func tensorsMatchPydicomAndPillow() throws {
        let fixtures = try DICOMFixtures.load()
        let preparer = try TensorPreparer()
        let mean: [Float] = [0.485, 0.456, 0.406]
        let standardDeviation: [Float] = [0.229, 0.224, 0.225]
        let plane = 224 * 224
        for entry in try Self.decodable where Self.renderRefusals[entry.name] == nil {
            let prepared = try preparer.prepare(try DICOMFixtures.bytes(entry), frame: Self.frame(entry))
            let tensor = prepared.tensor.bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            let intensities = tensor.indices.map { tensor[$0] * standardDeviation[$0 / plane] + mean[$0 / plane] }
            let resized = try fixtures.floats(entry, "resized")
            // The reference is HWC with 1 or 3 channels; the tensor is NCHW with 3.
            let expected = (0..<3 * plane).map { index in
                resized[(index % plane) * entry.channels + (entry.channels == 3 ? index / plane : 0)]
            }
            let difference = Difference(intensities, expected)
            #expect(difference.maximum <= 1.5 && difference.mean <= 0.5, "\(entry.name): \(difference) grey levels")
        }
    }

    @Test func everyOtherFileIsATypedRefusal() throws {
        for entry in try DICOMFixtures.load().entries where !(try Self.decodable.contains { $0.name == entry.name }) {
            let bytes = try DICOMFixtures.bytes(entry)
            if !entry.hasPreamble {
                #expect(throws: DICOMError.notDICOM, "\(entry.name)") { _ = try DICOMFile(bytes: bytes) }
                continue
            }
            if !entry.hasPixelData, entry.pydicomError == nil, let uid = entry.transferSyntax, (try? TransferSyntax(uid: uid)) != nil {
                // No pixels (structured reports, plans, waveforms): the header reads (unless the file
                // ends inside a value, which pydicom tolerates and this reader refuses), the image is refused.
                if entry.isTruncated {
                    #expect(throws: DICOMError.self, "\(entry.name)") { _ = try DICOMFile(bytes: bytes) }
                    continue
                }
                let file = try DICOMFile(bytes: bytes)
                #expect(throws: DICOMError.corrupt(detail: "the object has no Pixel Data (7FE0,0010)"), "\(entry.name)") {
                    _ = try DICOMImage(file: file)
                }
                continue
            }
            if let refusal = Self.expectedRefusal(entry), entry.pydicomError == nil || refusal.errorType == "UnsupportedTransferSyntax" {
                #expect(throws: refusal, "\(entry.name)") { _ = try DICOMImage(bytes: bytes).render(Self.frame(entry)) }
                continue
            }
            // pydicom cannot decode it either (truncated, corrupt, no transfer syntax, a codec
            // pydicom lacks): ours must refuse it with a DICOMError, which typed throws guarantee
            // once it throws at all.
            #expect(throws: DICOMError.self, "\(entry.name): \(entry.pydicomError ?? "")") {
                _ = try DICOMImage(bytes: bytes).render(Self.frame(entry))
            }
        }
    }
}
