import ArgumentParser
import DICOM
import Foundation

/// `radstream inspect`: what a DICOM object holds for preprocessing, with identifying
/// attributes named but never shown.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a DICOM file: transfer syntax, pixel module, window/LUTs, frames, identifying attributes (names only).",
        discussion: """
            Header values that may identify a patient are never printed: the identifying attributes of the PS3.15 Basic
            Profile are listed by keyword, private elements only counted (docs/dicom.md). On a file that cannot be read the
            command prints `errorType: message` to stderr and exits with status 1.
            """
    )

    @Argument(help: "The DICOM Part 10 file.")
    var file: String

    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        let report: [(String, Any)]
        do {
            report = try Self.describe(try DICOMFile(bytes: try FileBytes.read(file)))
        } catch let error as DICOMError {
            FileBytes.printError("\(error.errorType): \(error.description)")
            throw ExitCode(1)
        } catch let error as FileBytes.Failure {
            FileBytes.printError("FileError: \(error.description)")
            throw ExitCode(1)
        }
        if json {
            let object = Dictionary(uniqueKeysWithValues: report)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for (key, value) in report { print("\(key): \(Self.text(value))") }
        }
    }

    /// Key–value pairs in display order; values are strings, numbers, booleans, lists or nested pairs.
    static func describe(_ file: DICOMFile) throws(DICOMError) -> [(String, Any)] {
        let dataSet = file.dataSet
        var report: [(String, Any)] = [
            ("transferSyntax", file.transferSyntax.uid), ("pixelEncoding", file.transferSyntax.pixelEncoding.rawValue),
        ]
        if let element = dataSet[.pixelData] {
            let module = try PixelModule(dataSet)
            report.append(
                (
                    "pixels",
                    [
                        "rows": module.rows, "columns": module.columns, "samplesPerPixel": module.samplesPerPixel,
                        "photometricInterpretation": module.photometricInterpretation, "bitsAllocated": module.bitsAllocated,
                        "bitsStored": module.bitsStored, "signed": module.isSigned, "planar": module.isPlanar,
                        "frames": module.numberOfFrames,
                    ] as [String: Any]
                ))
            if let fragments = element.fragments {
                report.append(
                    (
                        "encapsulation",
                        [
                            "fragments": fragments.count - 1, "basicOffsetTable": !fragments[0].isEmpty,
                            "extendedOffsetTable": dataSet.hasValue(.extendedOffsetTable),
                        ] as [String: Any]
                    ))
            }
        } else {
            report.append(("pixels", "none"))
        }
        var intensity: [String: Any] = [
            "modalityLUTSequence": dataSet.hasValue(.modalityLUTSequence), "voiLUTSequence": dataSet.hasValue(.voiLUTSequence),
            "palette": dataSet.hasValue(.redPaletteData) || dataSet.hasValue(.segmentedRedPaletteData),
            "functionalGroups": dataSet.hasValue(.sharedFunctionalGroupsSequence) || dataSet.hasValue(.perFrameFunctionalGroupsSequence),
        ]
        if let slope = try dataSet.number(.rescaleSlope) { intensity["rescaleSlope"] = slope }
        if let intercept = try dataSet.number(.rescaleIntercept) { intensity["rescaleIntercept"] = intercept }
        let centers = try dataSet.numbers(.windowCenter)
        let widths = try dataSet.numbers(.windowWidth)
        if !centers.isEmpty { intensity["windowCenters"] = centers }
        if !widths.isEmpty { intensity["windowWidths"] = widths }
        if let function = dataSet.string(.voiLUTFunction) { intensity["voiLUTFunction"] = function }
        report.append(("intensity", intensity))
        if let burnedIn = dataSet.string(.burnedInAnnotation) { report.append(("burnedInAnnotation", burnedIn)) }
        report.append(("identifyingAttributes", ConfidentialityProfile.identifyingAttributes(in: dataSet).map(\.keyword)))
        report.append(("privateElements", ConfidentialityProfile.privateElementCount(in: dataSet)))
        return report
    }

    private static func text(_ value: Any) -> String {
        switch value {
        case let list as [String]: list.isEmpty ? "none" : list.joined(separator: ", ")
        case let list as [Double]: list.map { "\($0)" }.joined(separator: ", ")
        case let object as [String: Any]: object.keys.sorted().map { "\($0) \(text(object[$0] ?? ""))" }.joined(separator: ", ")
        default: "\(value)"
        }
    }
}
