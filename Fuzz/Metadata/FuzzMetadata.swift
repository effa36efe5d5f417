// libFuzzer target: arbitrary bytes → MetadataValidator (the JSON sidecar → StudyMetadata or
// a typed MetadataError), under both identifier policies. Built only by scripts/fuzz.sh.
import StudyMetadata

let strict = MetadataValidator()
let lenient = MetadataValidator(
    policy: MetadataPolicy(rejectsUnknownFields: false, patientIdentifiers: .pseudonymize(key: Array("fuzz-key".utf8))))
let identifierNames: Set<String> = [
    "patientname", "patientbirthdate", "patientaddress", "patienttelephonenumbers", "patientphone", "patientid",
    "otherpatientids", "medicalrecordnumber", "mrn", "patientemail", "patientssn", "socialsecuritynumber",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMetadata(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let accepted = try? strict.validate(bytes)
    _ = try? strict.validate(bytes, expectedImageKey: "images/study-1/image.png")
    let lenientResult = Result { () throws(MetadataError) in try lenient.validate(bytes) }
    if let accepted {
        // The oracles: an accepted sidecar has a safe key, and under `reject` none of the
        // top-level names is a direct identifier, whatever the spelling or repetition.
        guard ObjectKeyRules.isSafe(accepted.image.key) else { fatalError("accepted an unsafe image key") }
        if case .object(let fields)? = JSONValue.parse(bytes, maximumDepth: 64),
            fields.keys.contains(where: { identifierNames.contains($0.lowercased()) })
        {
            fatalError("accepted a sidecar with a patient identifier")
        }
        guard case .success = lenientResult else { fatalError("the lenient policy refused what the strict one accepted") }
    }
    if case .failure(let error) = lenientResult, error.violations.isEmpty { fatalError("an error without violations") }
    return 0
}
