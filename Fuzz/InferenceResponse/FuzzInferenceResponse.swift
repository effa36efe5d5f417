import Inference

// libFuzzer target: a KServe v2 `/infer` response or model metadata → InferenceWireFormat and
// ModelMetadata → what RunInference does with the result (Classification, value access).
// Built only by scripts/fuzz.sh.
//
// Input layout: byte 0 selects the mode, then the `Inference-Header-Content-Length` value up to
// the first newline (an empty line: no header), then the body.
// Mode bits: 1 = check against the fixture model's metadata, 2 = request `OUTPUT__0` by name,
// 4 = the body is model metadata JSON instead of an inference response.
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

let classifierMetadata = ModelMetadata(
    name: "radstream_classifier", versions: ["1"], platform: "python",
    inputs: [.init(name: "INPUT__0", datatype: "FP32", shape: [-1, 3, 224, 224])],
    outputs: [.init(name: "OUTPUT__0", datatype: "FP32", shape: [-1, 4])])
let classification = Classification(labels: ["normal", "effusion", "nodule", "pneumothorax"], appliesSoftmax: true, topK: 3)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInferenceResponse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let mode = bytes.first else { return 0 }
    let rest = bytes.dropFirst()
    let newline = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
    let headerLine = String(decoding: rest[..<newline], as: UTF8.self)
    let body = Array(rest[min(newline + 1, rest.endIndex)...])

    if mode & 4 != 0 {
        if let metadata = try? JSONDecoder().decode(ModelMetadata.self, from: Data(body)) {
            _ = try? InferenceWireFormat.decodeResponse(body: body, headerLength: nil, metadata: metadata)
        }
        return 0
    }
    let result = try? InferenceWireFormat.decodeResponse(
        body: body, headerLength: headerLine.isEmpty ? nil : headerLine,
        requestedOutputs: mode & 2 != 0 ? ["OUTPUT__0"] : nil, metadata: mode & 1 != 0 ? classifierMetadata : nil)
    for output in result?.outputs ?? [] {
        // The oracle: a validated fixed-size output holds exactly shape × element size bytes.
        if let size = output.datatype.elementSize {
            let bytes = output.elementCount.map { $0.multipliedReportingOverflow(by: size) }
            guard let bytes, !bytes.overflow, bytes.partialValue == output.data.count else {
                fatalError("output \(output.name) has \(output.data.count) bytes for shape \(output.shape)")
            }
        }
        _ = output.doubleValues()
        _ = try? output.float32Values()
        _ = try? classification.predictions(for: output)
    }
    return 0
}
