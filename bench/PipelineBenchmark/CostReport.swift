import BenchmarkSupport
import Foundation
import PipelineCost

/// The pipeline benchmark's cost section: the measured durations priced by `PipelineCost`,
/// Standard and Express side by side, next to the seed's Python functions.
enum CostReport {
    /// The goal of issue 14: all-in variable cost per 1000 studies with Express.
    static let expressGoalDollars = 0.03

    /// The seed's published Lambda figures: 512–1024 MB, ~0.9 s for prepare_tensors. Its other
    /// four functions' durations were not published, so the seed's figure is a lower bound.
    static let seedPrepareSeconds = 0.9
    static let seedMemoryRangeMB = (512.0, 1024.0)

    /// Lambda milliseconds per invocation on AWS: locally each invocation had a whole core; on
    /// Lambda the CPU-bound part stretches by 1769/memory below one vCPU. Waiting (S3, Triton) does not.
    static func modelledMilliseconds(_ function: FunctionSummary, memoryMB: Int) -> Double {
        let cpu = min(function.cpuMillisecondsPerInvocation, function.billedMeanMilliseconds)
        return StudyUsage.lambdaMilliseconds(
            waitingMilliseconds: function.billedMeanMilliseconds - cpu, cpuMilliseconds: cpu, memoryMB: memoryMB
        ).rounded(.up)
    }

    /// The study's usage from the run: measured durations, the functions' measured log lines
    /// plus Lambda's platform lines, and the state machine's log records at the template's levels.
    static func usage(functions: [FunctionSummary], studies: Int, happyPath: [StateMachineDefinition.State]) -> StudyUsage {
        let perStudy = { (function: FunctionSummary) in Double(function.invocations) / Double(max(studies, 1)) }
        let usages = functions.map { function in
            let memory = StudyUsage.templateMemoryMB[function.name] ?? 128
            return StudyUsage.FunctionUsage(
                name: function.name, memoryMB: memory, invocationsPerStudy: perStudy(function),
                billedMilliseconds: modelledMilliseconds(function, memoryMB: memory))
        }
        let logBytes = functions.reduce(0) {
            $0 + perStudy($1) * (Double(StudyUsage.platformLogBytesPerInvocation) + $1.applicationLogBytesPerInvocation)
        }
        return StudyUsage(
            functions: usages, standardTransitions: happyPath.count, expressDurationMilliseconds: StudyUsage.expressDuration(of: usages),
            functionLogBytes: logBytes,
            executionLogRecords: StudyUsage.templateExecutionLogRecords(happyPath: happyPath))
    }

    static func print(functions: [FunctionSummary], studies: Int, happyPath: [StateMachineDefinition.State]) {
        let model = CostModel()
        let usage = usage(functions: functions, studies: studies, happyPath: happyPath)
        let prices = model.prices
        Swift.print("\n(d) Cost per 1000 studies (\(prices.retrieved); measured durations, memory from deploy/template.yaml)")
        Table.print(
            header: ["function", "memory MB", "invocations/study", "Lambda ms (modelled)", "GB-s /1000", "x86_64 $", "arm64 $"],
            rows: usage.functions.map { function in
                let gigabyteSeconds = 1000 * function.gigabyteSecondsPerStudy
                return [
                    function.name, "\(function.memoryMB)", format(function.invocationsPerStudy), format(function.billedMilliseconds),
                    format(gigabyteSeconds), format(gigabyteSeconds * prices.lambdaGBSecondX86),
                    format(gigabyteSeconds * prices.lambdaGBSecondARM),
                ]
            })
        Swift.print(
            "    Lambda ms = measured billed mean + CPU/invoke × (1769/memory − 1): the CPU-bound share stretches below one vCPU; arm64 assumes the same durations (not measurable here)"
        )

        let columns = [
            model.perThousandStudies(usage, workflow: .standard, architecture: .x86),
            model.perThousandStudies(usage, workflow: .standard, architecture: .arm64),
            model.perThousandStudies(usage, workflow: .express, architecture: .x86),
            model.perThousandStudies(usage, workflow: .express, architecture: .arm64),
        ]
        let items = CostModel.Item.priced(in: columns)
        // The seed invoked the same five functions once per study and ran Standard.
        let seedRequests = 5 * 1000 * prices.lambdaRequest
        let seedCompute = { (megabytes: Double) in seedPrepareSeconds * megabytes / 1024 * 1000 * prices.lambdaGBSecondX86 }
        let seedShared =
            columns[0].total - columns[0].dollars(for: CostModel.Item.lambdaCompute)
            - columns[0].dollars(for: CostModel.Item.lambdaRequests)
        var rows = items.map { item in
            var row = [item] + columns.map { format($0.dollars(for: item)) }
            switch item {
            case CostModel.Item.lambdaCompute:
                row.append("≥ \(format(seedCompute(seedMemoryRangeMB.0)))–\(format(seedCompute(seedMemoryRangeMB.1)))")
            case CostModel.Item.lambdaRequests: row.append(format(seedRequests))
            default: row.append(format(columns[0].dollars(for: item)))
            }
            return row
        }
        rows.append(
            ["total"] + columns.map { format($0.total) }
                + [
                    "≥ \(format(seedCompute(seedMemoryRangeMB.0) + seedRequests + seedShared))–\(format(seedCompute(seedMemoryRangeMB.1) + seedRequests + seedShared))"
                ])
        Table.print(
            header: ["item", "Standard x86_64 $", "Standard arm64 $", "Express x86_64 $", "Express arm64 $", "seed Python (Standard) $"],
            rows: rows)
        Swift.print(
            "    Express: one execution of \(format(usage.expressDurationMilliseconds)) ms (the five functions' billed times + \(format(StudyUsage.assumedOrchestrationMillisecondsPerTask)) ms assumed per task), billed as \(format(CostModel.expressGigabyteSeconds(usage) * 1000)) GB-s per 1000 at 64 MB"
        )
        let express = columns[2]
        let verdict = express.goalTotal <= expressGoalDollars ? "meets" : "misses"
        let dominant = express.dominant
        Swift.print(
            "    Express at the template's defaults (x86_64): $\(format(express.goalTotal)) per 1000 studies for the goal's items (all but CloudWatch Logs) \(verdict) the ≤ $\(format(expressGoalDollars)) goal; $\(format(express.total)) with CloudWatch Logs; largest item: \(dominant.item) $\(format(dominant.dollarsPerThousand)) (\(Int((dominant.dollarsPerThousand / express.total * 100).rounded()))%)"
        )
        let applicationBytes = functions.reduce(0.0) { $0 + Double($1.applicationLogBytes) } / Double(max(studies, 1))
        var loggingEverything = usage
        loggingEverything.executionLogRecords[.express] = Double(
            StateMachineDefinition.successfulExecutionLogRecords(happyPath, level: .all))
        let expressLevel = StudyUsage.templateStateMachineLogLevels[.express]?.rawValue ?? "?"
        let allLevel = model.perThousandStudies(loggingEverything, workflow: .express, architecture: .x86)
        Swift.print(
            "    CloudWatch Logs: \(format(usage.functionLogBytes)) B per study from the functions (their own lines \(format(applicationBytes)) B, measured; Lambda's JSON platform lines ~\(StudyUsage.platformLogBytesPerInvocation) B per invocation, estimated); the state machine logs \(format(usage.executionLogRecords[.express] ?? 0)) records for a successful execution at \(expressLevel) (the template's ExpressLogLevel default); at ALL it logs \(format(loggingEverything.executionLogRecords[.express] ?? 0)) records of ~\(StudyUsage.typicalExecutionLogRecordBytes) B and Express costs $\(format(allLevel.total))"
        )
        if dominant.item == CostModel.Item.s3Requests {
            Swift.print(
                "    of which the uploader's two PUTs (image, sidecar) are $\(format(2000 * prices.s3PutRequest)) and the pipeline's tensor and result PUTs $\(format(2000 * prices.s3PutRequest)): S3's $0.005 per 1000 PUTs is fixed by the storage layout, not by Step Functions"
            )
        }
        var dicomUsage = usage
        dicomUsage.s3Puts = StudyUsage.s3PutsPerSuccessfulDICOMStudy
        let dicomExpress = model.perThousandStudies(dicomUsage, workflow: .express, architecture: .x86)
        Swift.print(
            "    a DICOM submission (one .dcm object, no sidecar: \(format(StudyUsage.s3PutsPerSuccessfulDICOMStudy)) PUTs instead of \(format(usage.s3Puts))), same durations: Express x86_64 $\(format(dicomExpress.goalTotal)) per 1000 studies for the goal's items, $\(format(dicomExpress.total)) with CloudWatch Logs"
        )
        Swift.print(
            "    fixed, whatever the traffic: the on-demand Kinesis stream $\(format(model.fixedDollarsPerHour))/hour (= $\(format(model.fixedDollarsPerThousand(atStudiesPerHour: 1000))) per 1000 at 1000 studies/hour, $\(format(model.fixedDollarsPerThousand(atStudiesPerHour: 10000))) at 10,000)"
        )
        Swift.print(
            "    seed: prepare_tensors alone (0.9 s at 512–1024 MB, its published figures); its other four functions are unpublished, so ≥. Target: under $2 per 1000 studies all-in."
        )
        Swift.print(
            "    not included: storage (GB-months), CloudWatch Logs storage and custom metrics from EMF, KMS requests with a customer key, data transfer, the EKS/GPU cluster serving Triton (docs/scale.md)"
        )
    }

    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        return String(format: value >= 100 ? "%.0f" : value >= 1 ? "%.2f" : "%.4f", value)
    }
}
