import Imaging
import Testing

@testable import DICOM

/// The grayscale lookup table (DICOMImage+Rendering.swift) gives exactly the per-sample
/// modality → VOI → inversion result, bit for bit, for every stored value a frame can hold:
/// each frame below holds every raw sample value (every 16-bit word, or every byte), in a
/// scrambled order, under each modality and VOI the reader implements.
@Suite struct GrayscaleLookupTableTests {
    /// A grayscale frame of every `bitsAllocated`-bit raw value, in the order of an odd multiplier
    /// (a bijection), with `attributes` (already encoded elements of group 0028 after Pixel
    /// Representation, in tag order).
    static func frame(
        bitsAllocated: Int, bitsStored: Int, isSigned: Bool, photometric: String = "MONOCHROME2", attributes: [UInt8] = []
    ) -> [UInt8] {
        let count = 1 << bitsAllocated
        let side = UInt16(bitsAllocated == 16 ? 256 : 16)
        var pixels: [UInt8] = []
        for index in 0..<count {
            let value = (index * 40_503 + 12_345) % count
            pixels += bitsAllocated == 16 ? Part10.uint16(UInt16(value)) : [UInt8(value)]
        }
        var bytes = Part10.element(0x0028, 0x0002, "US", Part10.uint16(1)) + Part10.element(0x0028, 0x0004, "CS", Part10.text(photometric))
        bytes += Part10.element(0x0028, 0x0010, "US", Part10.uint16(side)) + Part10.element(0x0028, 0x0011, "US", Part10.uint16(side))
        bytes += Part10.element(0x0028, 0x0100, "US", Part10.uint16(UInt16(bitsAllocated)))
        bytes += Part10.element(0x0028, 0x0101, "US", Part10.uint16(UInt16(bitsStored)))
        bytes += Part10.element(0x0028, 0x0102, "US", Part10.uint16(UInt16(bitsStored - 1)))
        bytes += Part10.element(0x0028, 0x0103, "US", Part10.uint16(isSigned ? 1 : 0))
        bytes += attributes
        return Part10.file(bytes + Part10.element(0x7FE0, 0x0010, bitsAllocated == 16 ? "OW" : "OB", pixels))
    }

    static func decimal(_ tag: UInt16, _ value: String) -> [UInt8] { Part10.element(0x0028, tag, "DS", Part10.text(value)) }

    static func window(center: String, width: String, function: String? = nil) -> [UInt8] {
        decimal(0x1050, center) + decimal(0x1051, width) + (function.map { Part10.element(0x0028, 0x1056, "CS", Part10.text($0)) } ?? [])
    }

    static func rescale(intercept: String, slope: String) -> [UInt8] { decimal(0x1052, intercept) + decimal(0x1053, slope) }

    /// A one-item LUT sequence `tag` with a descriptor (entries, first mapped, bits) and entries.
    static func lookupTableSequence(_ tag: UInt16, entries: [UInt16], firstMapped: UInt16, bits: UInt16) -> [UInt8] {
        let descriptor = Part10.uint16(UInt16(truncatingIfNeeded: entries.count)) + Part10.uint16(firstMapped) + Part10.uint16(bits)
        let item = Part10.element(0x0028, 0x3002, "US", descriptor) + Part10.element(0x0028, 0x3006, "OW", entries.flatMap(Part10.uint16))
        let itemBytes = Part10.uint16(0xFFFE) + Part10.uint16(0xE000) + Part10.uint32(UInt32(item.count)) + item
        return Part10.element(0x0028, tag, "SQ", itemBytes)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var bitsAllocated: Int
        var bitsStored: Int
        var isSigned: Bool
        var photometric = "MONOCHROME2"
        var attributes: [UInt8]
        var windowOverride: WindowOverride? = nil
        var description: String { name }
    }

    /// A DS value: `value` to the nearest quarter (short enough for DS's 16 characters).
    static func ds(_ value: Double) -> String { String((value * 4).rounded() / 4) }

    /// Cases whose intensities take only a few values by design (a threshold, a constant frame).
    static let fewValues: Set<String> = ["LINEAR width 1", "min-max signed zeros", "min-max constant"]

    static let cases: [Case] = {
        let ramp = (0..<4096).map { UInt16(($0 * 37) % 65_536) }
        var cases: [Case] = []
        for (bitsAllocated, bitsStored) in [(16, 16), (16, 12), (16, 9), (8, 8), (8, 6)] {
            for isSigned in [false, true] {
                let depth = "\(bitsStored)/\(bitsAllocated)-bit \(isSigned ? "signed" : "unsigned")"
                func add(_ name: String, _ attributes: [UInt8], photometric: String = "MONOCHROME2", override: WindowOverride? = nil) {
                    cases.append(
                        Case(
                            name: "\(depth) \(name)", bitsAllocated: bitsAllocated, bitsStored: bitsStored, isSigned: isSigned,
                            photometric: photometric, attributes: attributes, windowOverride: override))
                }
                // Windows inside the stored values' span, so that the intensities vary.
                let span = Double(1 << bitsStored)
                let lowest = isSigned ? -span / 2 : 0
                let middle = lowest + span / 2
                add("LINEAR", rescale(intercept: "-1024", slope: "1") + window(center: ds(middle - 1024 + 0.25), width: ds(span / 3)))
                add("LINEAR MONOCHROME1", window(center: ds(middle + 0.5), width: ds(span / 5 + 0.25)), photometric: "MONOCHROME1")
                add("LINEAR width 1", rescale(intercept: "0.5", slope: "0.3") + window(center: ds(0.3 * middle), width: "1"))
                add(
                    "LINEAR_EXACT",
                    rescale(intercept: "-7.25", slope: "2.5")
                        + window(center: ds(2.5 * middle - 7), width: ds(2.5 * span / 3 + 0.25), function: "LINEAR_EXACT"))
                add(
                    "SIGMOID",
                    rescale(intercept: "3", slope: "-0.75")
                        + window(center: ds(3 - 0.75 * middle), width: ds(0.75 * span / 8), function: "SIGMOID"))
                add("min-max", rescale(intercept: "-1000", slope: "1.7"))
                add("min-max MONOCHROME1 negative slope", rescale(intercept: "5", slope: "-3.1"), photometric: "MONOCHROME1")
                // Slope so small that modality values are +0, −0 and denormals: min–max must fold
                // the frame in its order (min keeps the first of equal values, max the last).
                add("min-max signed zeros", rescale(intercept: "0", slope: "-1e-46"))
                add("min-max constant", rescale(intercept: "7", slope: "0"))
                add(
                    "configured window", rescale(intercept: "-1024", slope: "1"),
                    override: WindowOverride(center: middle - 1024 - span / 10, width: span / 2))
                add(
                    "configured window MONOCHROME1", [], photometric: "MONOCHROME1",
                    override: WindowOverride(center: middle + 0.3, width: span / 4 + 0.7))
                let firstMapped = UInt16(truncatingIfNeeded: Int(lowest + span / 8))
                add("VOI LUT", lookupTableSequence(0x3010, entries: ramp, firstMapped: firstMapped, bits: 16))
                let lookedUp = 37 * min(span, 4096)
                add(
                    "Modality LUT + window",
                    lookupTableSequence(0x3000, entries: ramp, firstMapped: UInt16(truncatingIfNeeded: Int(lowest) + 3), bits: 16)
                        + window(center: ds(lookedUp / 2), width: ds(lookedUp / 3)))
                add("Modality LUT + min-max", lookupTableSequence(0x3000, entries: ramp, firstMapped: 0, bits: 16))
            }
        }
        return cases
    }()

    @Test(arguments: cases)
    func theTableGivesThePerSampleValuesBitForBit(_ testCase: Case) throws {
        let image = try DICOMImage(
            bytes: Self.frame(
                bitsAllocated: testCase.bitsAllocated, bitsStored: testCase.bitsStored, isSigned: testCase.isSigned,
                photometric: testCase.photometric, attributes: testCase.attributes))
        // The table path is available here and spans every stored value the frame can hold.
        let indexing = try #require(image.grayscaleTableIndexing(for: try image.decodedFrame(0)))
        #expect(indexing.keys == 0...UInt32(1 << testCase.bitsStored - 1))
        let lowest = Int32(testCase.isSigned ? -(1 << (testCase.bitsStored - 1)) : 0)
        #expect(image.pixelModule.storedValue(indexing.lowBits(ofKey: 0)) == lowest)
        #expect(image.pixelModule.storedValue(indexing.lowBits(ofKey: indexing.keys.upperBound)) == lowest + Int32(indexing.keys.count - 1))
        let perSample = try image.render(.first, windowOverride: testCase.windowOverride, grayscalePath: .perSample)
        let table = try image.render(.first, windowOverride: testCase.windowOverride, grayscalePath: .lookupTable)
        #expect(perSample.values.count == 1 << testCase.bitsAllocated)
        #expect(table.values.map(\.bitPattern) == perSample.values.map(\.bitPattern))
        // The frame holds every stored value at least once, so it is large enough for the table.
        let fastest = try image.render(.first, windowOverride: testCase.windowOverride)
        #expect(fastest.values.map(\.bitPattern) == perSample.values.map(\.bitPattern))
        // Not a degenerate comparison: the intensities vary (but where they cannot).
        if !Self.fewValues.contains(where: { testCase.name.hasSuffix($0) }) {
            #expect(Set(perSample.values).count > 2, "\(testCase.name)")
        }
    }

    @Test func aTableWithANonFiniteEntryLeavesTheFrameToThePerSamplePath() throws {
        // 1e38 × stored values beyond ±3 overflows Float32: the frame holds such values, so it is
        // refused — by the per-sample path, which the table path hands such frames to.
        let bytes = Self.frame(bitsAllocated: 16, bitsStored: 16, isSigned: true, attributes: Self.rescale(intercept: "0", slope: "1e38"))
        let image = try DICOMImage(bytes: bytes)
        for path in [DICOMImage.GrayscalePath.perSample, .lookupTable, .fastest] {
            #expect(throws: DICOMError.corrupt(detail: "the modality transformation gives values beyond Float32")) {
                _ = try image.render(.first, windowOverride: nil, grayscalePath: path)
            }
        }
    }

    @Test func samplesBeyondBitsStoredAndEveryLayoutGiveTheSameStoredValues() throws {
        // storedValues (the public accessor) masks the unmasked forms exactly as the table indexes them.
        for (bitsAllocated, bitsStored, isSigned) in [(16, 12, true), (16, 16, false), (8, 5, true)] {
            let image = try DICOMImage(bytes: Self.frame(bitsAllocated: bitsAllocated, bitsStored: bitsStored, isSigned: isSigned))
            let stored = try image.storedValues(frame: 0)
            let shift = 32 - bitsStored
            let expected = (0..<(1 << bitsAllocated)).map { index -> Int32 in
                let raw = Int32((index * 40_503 + 12_345) % (1 << bitsAllocated))
                return isSigned ? (raw << shift) >> shift : Int32(bitPattern: UInt32(bitPattern: raw << shift) >> UInt32(shift))
            }
            #expect(stored == expected)
        }
    }
}
