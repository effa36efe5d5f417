import PipelineCost

/// What the report draws, computed from deduplicated telemetry (and REPORT lines when given).
public struct TelemetrySummary: Sendable, Equatable {
    /// One stage's latency in one hour (succeeded events only).
    public struct StageLatency: Sendable, Equatable {
        /// The stage (`PrepareTensors`, …, or `Execution` for end to end).
        public var stage: String
        /// The UTC hour (`2026-11-25T08`).
        public var hour: String
        /// The functions telemetry does not time: priced only from REPORT lines.
        public static let untimedFunctions = ["StartStudy", "SendTelemetry"]

        /// Nearest-rank percentiles of `elapsedMilliseconds`, ms.
        public var p50: Double
        public var p95: Double
        /// Events in the hour.
        public var count: Int
    }

    /// Executions that ended in one hour.
    public struct HourlyExecutions: Sendable, Equatable {
        /// The UTC hour.
        public var hour: String
        /// Executions that succeeded and failed.
        public var succeeded: Int
        public var failed: Int
    }

    /// One function's REPORT lines: cold starts (lines with an Init Duration) and billing.
    public struct FunctionReports: Sendable, Equatable {
        /// The function.
        public var function: String
        /// Invocations, and how many of them started a new execution environment.
        public var invocations: Int
        public var coldStarts: Int
        /// Nearest-rank p50 of Init Duration, ms (nil without cold starts).
        public var initP50: Double?
        /// Mean billed duration, ms, and the configured memory, MB.
        public var billedMeanMilliseconds: Double
        public var memoryMB: Int
    }

    /// Every hour with an event, in order.
    public var hours: [String]
    /// Latency per stage (pipeline order, then `Execution`) and hour; hours without a
    /// succeeded event of that stage are absent.
    public var latencies: [StageLatency]
    /// Executions per hour (from `Execution` events).
    public var executions: [HourlyExecutions]
    /// Failed executions by `errorType`, most frequent first.
    public var failuresByErrorType: [(errorType: String, count: Int)]
    /// REPORT-line figures per function; empty without REPORT lines.
    public var functions: [FunctionReports]
    /// Records read, and how many were duplicates of an event already counted.
    public var recordsRead: Int
    public var duplicates: Int

    /// Executions succeeded and failed over the whole window.
    public var succeeded: Int { executions.reduce(0) { $0 + $1.succeeded } }
    public var failed: Int { executions.reduce(0) { $0 + $1.failed } }

    public static func == (left: TelemetrySummary, right: TelemetrySummary) -> Bool {
        left.hours == right.hours && left.latencies == right.latencies && left.executions == right.executions
            && left.failuresByErrorType.map(\.errorType) == right.failuresByErrorType.map(\.errorType)
            && left.failuresByErrorType.map(\.count) == right.failuresByErrorType.map(\.count) && left.functions == right.functions
            && left.recordsRead == right.recordsRead && left.duplicates == right.duplicates
    }

    /// Summarises `records` (duplicates removed here) and `reports`.
    public init(records: [TelemetryRecord], reports: [LambdaReportLine] = []) {
        let unique = TelemetryRecord.deduplicated(records)
        recordsRead = records.count
        duplicates = records.count - unique.count
        hours = Array(Set(unique.map(\.hour))).sorted()
        var latencies: [StageLatency] = []
        for stage in TelemetryRecord.stages + [TelemetryRecord.executionStage] {
            for hour in hours {
                let values = unique.filter { $0.stage == stage && $0.hour == hour && $0.status == "succeeded" }.compactMap(
                    \.elapsedMilliseconds)
                guard !values.isEmpty else { continue }
                latencies.append(
                    StageLatency(
                        stage: stage, hour: hour, p50: Self.percentile(values, 50), p95: Self.percentile(values, 95), count: values.count))
            }
        }
        self.latencies = latencies
        let executionEvents = unique.filter { $0.stage == TelemetryRecord.executionStage }
        executions = hours.map { hour in
            let inHour = executionEvents.filter { $0.hour == hour }
            return HourlyExecutions(
                hour: hour, succeeded: inHour.filter { $0.status == "succeeded" }.count,
                failed: inHour.filter { $0.status == "failed" }.count)
        }
        var failures: [String: Int] = [:]
        for event in executionEvents where event.status == "failed" { failures[event.errorType ?? "Unknown", default: 0] += 1 }
        failuresByErrorType = failures.map { (errorType: $0.key, count: $0.value) }.sorted {
            ($1.count, $0.errorType) < ($0.count, $1.errorType)
        }
        functions = Array(Set(reports.map(\.function))).sorted().map { function in
            let lines = reports.filter { $0.function == function }
            let inits = lines.compactMap(\.initMilliseconds)
            return FunctionReports(
                function: function, invocations: lines.count, coldStarts: inits.count,
                initP50: inits.isEmpty ? nil : Self.percentile(inits, 50),
                billedMeanMilliseconds: lines.reduce(0) { $0 + $1.billedMilliseconds } / Double(lines.count),
                memoryMB: lines.last?.memoryMB ?? 128)
        }
    }

    // MARK: - Cost

    /// The study usage these figures imply, for `CostModel`: each stage's mean handler time
    /// (rounded up to Lambda's 1 ms) at the template's memory, one invocation per study;
    /// StartStudy and SendTelemetry from REPORT lines when given (telemetry does not time
    /// them), else left out — `pricedFunctions` says which were priced. Express duration is the
    /// measured end-to-end p50. The state machine's path gives Standard's transitions and
    /// what its log group records at the template's levels.
    public func studyUsage(happyPath: [StateMachineDefinition.State]) -> StudyUsage {
        var functions: [StudyUsage.FunctionUsage] = []
        for stage in TelemetryRecord.stages {
            let values = latencies.filter { $0.stage == stage }
            let count = values.reduce(0) { $0 + $1.count }
            guard count > 0 else { continue }
            // Hourly p50s weighted by their counts stand in for the mean (the summary keeps no raw values).
            let mean = values.reduce(0) { $0 + $1.p50 * Double($1.count) } / Double(count)
            functions.append(
                .init(
                    name: stage, memoryMB: StudyUsage.templateMemoryMB[stage] ?? 128, invocationsPerStudy: 1,
                    billedMilliseconds: mean.rounded(.up)))
        }
        let studies = Double(max(succeeded + failed, 1))
        for reports in self.functions where Self.untimedFunctions.contains(reports.function) {
            functions.append(
                .init(
                    name: reports.function, memoryMB: reports.memoryMB, invocationsPerStudy: Double(reports.invocations) / studies,
                    billedMilliseconds: reports.billedMeanMilliseconds))
        }
        let endToEnd = latencies.filter { $0.stage == TelemetryRecord.executionStage }
        let endToEndCount = endToEnd.reduce(0) { $0 + $1.count }
        let expressMilliseconds =
            endToEndCount > 0
            ? endToEnd.reduce(0) { $0 + $1.p50 * Double($1.count) } / Double(endToEndCount) : StudyUsage.expressDuration(of: functions)
        return StudyUsage(
            functions: functions, standardTransitions: happyPath.count, expressDurationMilliseconds: expressMilliseconds,
            executionLogRecords: StudyUsage.templateExecutionLogRecords(happyPath: happyPath))
    }

    /// The functions telemetry does not time: priced only from REPORT lines.
    public static let untimedFunctions = ["StartStudy", "SendTelemetry"]

    /// Nearest-rank percentile (`percent` in 0…100) of a non-empty list.
    static func percentile(_ values: [Double], _ percent: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((percent / 100 * Double(sorted.count - 1)).rounded())))]
    }
}
