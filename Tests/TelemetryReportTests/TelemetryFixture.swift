import Foundation
import PipelineCost
import TelemetryReport

/// A fixture lake built from stated numbers, so every count the report draws is known:
/// `hours` hours from 2026-11-25T08, `perHour` executions each; every fifth execution fails
/// in PrepareTensors with `ImageCorrupt` and every seventh (not fifth) in RunInference with
/// `Inference.Timeout`; every event written twice for the first execution of each hour (the
/// at-least-once duplicates the report must drop).
struct TelemetryFixture {
    var hours = 3
    var perHour = 10

    /// A state machine's successful path: five Lambda tasks and a Succeed state (6 transitions).
    static let happyPath: [StateMachineDefinition.State] =
        (1...5).map { StateMachineDefinition.State(name: "Task\($0)", type: "Task") } + [.init(name: "Done", type: "Succeed")]

    struct Expected {
        var succeeded = 0
        var failedByType: [String: Int] = [:]
        var duplicates = 0
    }

    func events() -> (lines: [String], expected: Expected) {
        var lines: [String] = []
        var expected = Expected()
        for hour in 0..<hours {
            for index in 0..<perHour {
                let execution = "study-h\(hour)-\(index)"
                let time = String(format: "2026-11-25T%02d:%02d:07.123Z", 8 + hour, index * 5)
                var events: [[String: Any]] = []
                func event(_ stage: String, _ status: String, _ elapsed: Double?, _ errorType: String? = nil) {
                    var object: [String: Any] = [
                        "schemaVersion": 1, "eventId": "\(execution)/\(stage)/\(status)", "timestamp": time, "executionName": execution,
                        "studyInstanceUID": "1.2.3.\(hour).\(index)", "modality": "CR", "stage": stage, "status": status,
                    ]
                    if let elapsed { object["elapsedMilliseconds"] = elapsed }
                    if let errorType { object["errorType"] = errorType }
                    events.append(object)
                }
                // Latencies grow with the hour so each hour's points differ.
                let base = Double(10 * (hour + 1) + index)
                event("ValidateMetadata", "succeeded", base / 10)
                let failure: (stage: String, type: String)? =
                    index % 5 == 0 ? ("PrepareTensors", "ImageCorrupt") : index % 7 == 0 ? ("RunInference", "Inference.Timeout") : nil
                if failure?.stage == "PrepareTensors" {
                    event("PrepareTensors", "failed", nil, "ImageCorrupt")
                } else {
                    event("PrepareTensors", "succeeded", base)
                    if failure?.stage == "RunInference" {
                        event("RunInference", "failed", nil, "Inference.Timeout")
                    } else {
                        event("RunInference", "succeeded", base / 2)
                    }
                }
                event("StoreResults", "succeeded", base / 5)
                if let failure {
                    event("Execution", "failed", base * 3, failure.type)
                    expected.failedByType[failure.type, default: 0] += 1
                } else {
                    event("Execution", "succeeded", base * 3)
                    expected.succeeded += 1
                }
                for object in events {
                    let line = String(
                        decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
                    lines.append(line)
                    if index == 0 {
                        lines.append(line)  // delivered twice
                        expected.duplicates += 1
                    }
                }
            }
        }
        return (lines, expected)
    }

    /// REPORT lines: each function invoked `perHour × hours` times, the first two invocations cold.
    func reportLines() -> String {
        var text = ""
        for function in ["StartStudy", "PrepareTensors", "SendTelemetry"] {
            for index in 0..<(hours * perHour) {
                text +=
                    "\(function)\tREPORT RequestId: r-\(index)\tDuration: 12.50 ms\tBilled Duration: \(index < 2 ? 20 : 13) ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB"
                text += index < 2 ? "\tInit Duration: \(index == 0 ? "6.00" : "8.00") ms\n" : "\n"
            }
        }
        return text
    }
}
