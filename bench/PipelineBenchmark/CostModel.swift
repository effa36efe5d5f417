import BenchmarkSupport
import Foundation

/// AWS list prices used by the cost model: us-east-1, on-demand, as published on the AWS
/// pricing pages in 2025-06. They cannot be re-checked from this offline machine; update the
/// constants (and the date) when prices change.
enum Prices {
    static let date = "2025-06, us-east-1 list prices"
    /// Lambda compute, per GB-second.
    static let lambdaGBSecondX86 = 0.000_016_666_7
    static let lambdaGBSecondARM = 0.000_013_333_4
    /// Lambda requests, per request ($0.20 per million).
    static let lambdaRequest = 0.20 / 1_000_000
    /// Step Functions Standard workflows, per state transition ($0.025 per 1000).
    static let stepFunctionsTransition = 0.025 / 1000
    /// S3 Standard: PUT/COPY/POST/LIST ($0.005 per 1000) and GET/HEAD ($0.0004 per 1000).
    static let s3PutRequest = 0.005 / 1000
    static let s3GetRequest = 0.0004 / 1000
    /// Kinesis Data Streams (provisioned): PUT payload units of 25 KB ($0.014 per million).
    static let kinesisPayloadUnit = 0.014 / 1_000_000
    /// Firehose ingestion, per GB (each record rounded up to 5 KB).
    static let firehoseGB = 0.029
}

/// Cost per 1000 studies from the measured run, next to the seed's Python functions.
enum CostModel {
    /// Memory per function as deploy/template.yaml sets it (PrepareTensors: its parameter's
    /// default, one full vCPU). DeployTests pin the template; keep these in step with it.
    static let memoryMB: [String: Int] = [
        "StartStudy": 128, "ValidateMetadata": 128, "PrepareTensors": 1769, "RunInference": 256, "StoreResults": 128, "SendTelemetry": 128,
    ]
    /// Lambda gives one full vCPU at 1769 MB and a proportional share below it.
    static let fullCPUMemoryMB = 1769.0

    /// S3 requests per successful study, from the functions' code paths: PUT image + PUT
    /// sidecar (ingest), GET sidecar (ValidateMetadata), GET image + PUT tensor
    /// (PrepareTensors), GET tensor (RunInference), PUT result (StoreResults; a HEAD only on a
    /// duplicate).
    static let s3PutsPerStudy = 4.0
    static let s3GetsPerStudy = 3.0
    /// Telemetry events per study (4 stages + the execution), each one Kinesis payload unit
    /// and one Firehose record rounded up to 5 KB.
    static let telemetryEventsPerStudy = 5.0

    /// The seed's published Lambda figures: 512–1024 MB, ~0.9 s for prepare_tensors. Its other
    /// four functions' durations were not published, so the seed's figure is a lower bound.
    static let seedPrepareSeconds = 0.9
    static let seedMemoryRangeMB = (512.0, 1024.0)

    /// State transitions of the successful path: the states entered from StartAt to the end.
    static func happyPathTransitions(_ definitionPath: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: definitionPath))
        guard let definition = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let states = definition["States"] as? [String: [String: Any]], var current = definition["StartAt"] as? String
        else { throw BenchmarkError("\(definitionPath) is not an ASL document") }
        var count = 0
        var seen: Set<String> = []
        while let state = states[current], seen.insert(current).inserted {
            count += 1
            if state["End"] as? Bool == true || ["Succeed", "Fail"].contains(state["Type"] as? String ?? "") { break }
            if state["Type"] as? String == "Choice", let next = state["Default"] as? String {
                current = next
            } else if let next = state["Next"] as? String {
                current = next
            } else {
                break
            }
        }
        return count
    }

    static func print(functions: [FunctionSummary], studies: Int, transitions: Int) {
        let perThousand = 1000.0 / Double(max(studies, 1))
        var rows: [[String]] = []
        var lambdaX86 = 0.0
        var lambdaARM = 0.0
        var requests = 0.0
        for function in functions {
            let memory = Double(memoryMB[function.name] ?? 128)
            // Locally each invocation had a whole core; on Lambda the CPU-bound part stretches
            // by 1769/memory below one vCPU. Waiting (S3, Triton) does not.
            let stretch = max(0, fullCPUMemoryMB / memory - 1)
            let lambdaMilliseconds = (function.billedMeanMilliseconds + function.cpuMillisecondsPerInvocation * stretch).rounded(.up)
            let gbSeconds = lambdaMilliseconds / 1000 * memory / 1024 * Double(function.invocations) * perThousand
            lambdaX86 += gbSeconds * Prices.lambdaGBSecondX86
            lambdaARM += gbSeconds * Prices.lambdaGBSecondARM
            requests += Double(function.invocations) * perThousand
            rows.append([
                function.name, "\(Int(memory))", format(Double(function.invocations) / Double(max(studies, 1))), format(lambdaMilliseconds),
                format(gbSeconds), format(gbSeconds * Prices.lambdaGBSecondX86), format(gbSeconds * Prices.lambdaGBSecondARM),
            ])
        }
        let requestCost = requests * Prices.lambdaRequest
        let stepFunctions = Double(transitions) * 1000 * Prices.stepFunctionsTransition
        let s3 = 1000 * (s3PutsPerStudy * Prices.s3PutRequest + s3GetsPerStudy * Prices.s3GetRequest)
        let kinesis = 1000 * telemetryEventsPerStudy * Prices.kinesisPayloadUnit
        let firehose = 1000 * telemetryEventsPerStudy * 5.0 / 1_048_576 * Prices.firehoseGB
        let shared = stepFunctions + s3 + kinesis + firehose

        Swift.print("\n(d) Cost per 1000 studies (\(Prices.date); measured durations, memory from deploy/template.yaml)")
        Table.print(
            header: ["function", "memory MB", "invocations/study", "Lambda ms (modelled)", "GB-s /1000", "x86_64 $", "arm64 $"], rows: rows)
        Swift.print(
            "    Lambda ms = measured billed mean + CPU/invoke × (1769/memory − 1): the CPU-bound share stretches below one vCPU; arm64 assumes the same durations (not measurable here)"
        )
        // The seed invoked the same five functions once per study.
        let seedRequests = 5 * 1000 * Prices.lambdaRequest
        let seedLow = seedPrepareSeconds * seedMemoryRangeMB.0 / 1024 * 1000 * Prices.lambdaGBSecondX86 + seedRequests
        let seedHigh = seedPrepareSeconds * seedMemoryRangeMB.1 / 1024 * 1000 * Prices.lambdaGBSecondX86 + seedRequests
        Table.print(
            header: ["item", "RadStream x86_64 $", "RadStream arm64 $", "seed Python (x86_64) $"],
            rows: [
                [
                    "Lambda compute", format(lambdaX86), format(lambdaARM),
                    "≥ \(format(seedLow - seedRequests))–\(format(seedHigh - seedRequests))",
                ],
                ["Lambda requests", format(requestCost), format(requestCost), format(seedRequests)],
                ["Step Functions (\(transitions) transitions/study)", format(stepFunctions), format(stepFunctions), format(stepFunctions)],
                ["S3 requests", format(s3), format(s3), format(s3)],
                ["Kinesis + Firehose", format(kinesis + firehose), format(kinesis + firehose), format(kinesis + firehose)],
                [
                    "total", format(lambdaX86 + requestCost + shared), format(lambdaARM + requestCost + shared),
                    "≥ \(format(seedLow + shared))–\(format(seedHigh + shared))",
                ],
            ])
        Swift.print(
            "    seed: prepare_tensors alone (0.9 s at 512–1024 MB, its published figures); its other four functions are unpublished, so ≥. Target: under $2 per 1000 studies all-in."
        )
        Swift.print(
            "    not included: storage (GB-months), Kinesis shard-hours, data transfer, the EKS/GPU cluster serving Triton (fixed costs, not per study)"
        )
    }

    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        return String(format: value >= 100 ? "%.0f" : value >= 1 ? "%.2f" : "%.4f", value)
    }
}
