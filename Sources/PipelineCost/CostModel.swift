/// Which Step Functions workflow type the stack runs (the template's `WorkflowType`).
public enum WorkflowType: String, Sendable, CaseIterable {
    /// Billed per state transition; exactly-once, up to a year.
    case standard = "STANDARD"
    /// Billed per execution and GB-second of duration; at-least-once, up to 5 minutes.
    case express = "EXPRESS"
}

/// The Lambda instruction set (the template's `Architecture`); arm64 is billed ~20% less per GB-second.
public enum LambdaArchitecture: String, Sendable, CaseIterable {
    /// Intel/AMD, the template's default.
    case x86 = "x86_64"
    /// Graviton.
    case arm64
}

/// One priced item of a study's cost.
public struct CostLine: Sendable, Equatable {
    /// What is billed ("Step Functions Express requests").
    public var item: String
    /// Dollars per 1000 studies.
    public var dollarsPerThousand: Double
}

/// The variable cost of 1000 studies under one workflow type and architecture.
public struct CostBreakdown: Sendable, Equatable {
    /// The workflow type priced.
    public var workflow: WorkflowType
    /// The Lambda architecture priced.
    public var architecture: LambdaArchitecture
    /// Every priced item, in a fixed order (Lambda, Step Functions, S3, SQS, Kinesis, Firehose,
    /// CloudWatch Logs).
    public var lines: [CostLine]

    /// Dollars per 1000 studies, all items.
    public var total: Double { lines.reduce(0) { $0 + $1.dollarsPerThousand } }
    /// Dollars per 1000 studies of the goal's items (`CostModel.Item.goalItems`): all but CloudWatch Logs.
    public var goalTotal: Double {
        lines.filter { CostModel.Item.goalItems.contains($0.item) }.reduce(0) { $0 + $1.dollarsPerThousand }
    }
    /// The most expensive item.
    public var dominant: CostLine {
        lines.max { $0.dollarsPerThousand < $1.dollarsPerThousand } ?? CostLine(item: "none", dollarsPerThousand: 0)
    }
    /// The item named `item`, 0 when absent.
    public func dollars(for item: String) -> Double { lines.first { $0.item == item }?.dollarsPerThousand ?? 0 }
}

/// Cost per 1000 studies from a study's usage and a price list: Lambda compute and requests,
/// Step Functions (Standard transitions or Express requests + duration), S3 and SQS requests,
/// Kinesis on-demand data in and out, Firehose ingestion, CloudWatch Logs ingestion. Fixed
/// costs (the stream-hour, the GPU nodes, storage) are not per study and are reported apart
/// (`fixedDollarsPerHour`).
public struct CostModel: Sendable {
    /// The prices multiplied by.
    public var prices: PriceList

    /// A model over `prices` (default: us-east-1 list prices).
    public init(prices: PriceList = .usEast1) { self.prices = prices }

    /// Item names, one per billed dimension.
    public enum Item {
        /// Lambda GB-seconds.
        public static let lambdaCompute = "Lambda compute"
        /// Lambda invocations.
        public static let lambdaRequests = "Lambda requests"
        /// Standard state transitions.
        public static let standardTransitions = "Step Functions Standard transitions"
        /// Express executions started.
        public static let expressRequests = "Step Functions Express requests"
        /// Express GB-seconds.
        public static let expressDuration = "Step Functions Express duration"
        /// S3 PUT- and GET-class requests.
        public static let s3Requests = "S3 requests"
        /// SQS requests.
        public static let sqsRequests = "SQS requests"
        /// Kinesis data in (1 KB rounding) and out.
        public static let kinesis = "Kinesis (on-demand data in + out)"
        /// Firehose GB ingested (5 KB rounding).
        public static let firehose = "Firehose ingestion"
        /// CloudWatch Logs GB ingested: the functions' log groups and the state machine's.
        public static let cloudWatchLogs = "CloudWatch Logs ingestion"
        /// Every item in the order tables list them.
        public static let all = [
            lambdaCompute, lambdaRequests, standardTransitions, expressRequests, expressDuration, s3Requests, sqsRequests, kinesis,
            firehose, cloudWatchLogs,
        ]
        /// The items any of `breakdowns` prices, in table order (`all`).
        public static func priced(in breakdowns: [CostBreakdown]) -> [String] {
            all.filter { item in breakdowns.contains { $0.lines.contains { $0.item == item } } }
        }
        /// The items of the issue 14 goal, "all-in (Lambda, Step Functions, S3 requests,
        /// Kinesis, Firehose)", plus SQS; CloudWatch Logs is priced beside it.
        public static let goalItems = Set(all).subtracting([cloudWatchLogs])
    }

    /// Bytes per GB as CloudWatch Logs bills ingestion (binary, as AWS's usage reports count it).
    public static let bytesPerGigabyte = 1_073_741_824.0

    /// Express bills memory in 64 MB chunks (pricing page).
    public static let expressMemoryChunkMB = 64.0
    /// Express bills duration rounded up to 100 ms (pricing page).
    public static let expressDurationStepMilliseconds = 100.0

    /// The variable cost of 1000 studies of `usage`.
    public func perThousandStudies(_ usage: StudyUsage, workflow: WorkflowType, architecture: LambdaArchitecture) -> CostBreakdown {
        let gigabyteSecondPrice = architecture == .x86 ? prices.lambdaGBSecondX86 : prices.lambdaGBSecondARM
        let gigabyteSeconds = usage.functions.reduce(0) { $0 + $1.gigabyteSecondsPerStudy }
        let invocations = usage.functions.reduce(0) { $0 + $1.invocationsPerStudy }
        var lines = [
            CostLine(item: Item.lambdaCompute, dollarsPerThousand: 1000 * gigabyteSeconds * gigabyteSecondPrice),
            CostLine(item: Item.lambdaRequests, dollarsPerThousand: 1000 * invocations * prices.lambdaRequest),
        ]
        switch workflow {
        case .standard:
            lines.append(
                CostLine(
                    item: Item.standardTransitions, dollarsPerThousand: 1000 * Double(usage.standardTransitions) * prices.standardTransition
                ))
        case .express:
            lines.append(CostLine(item: Item.expressRequests, dollarsPerThousand: 1000 * prices.expressRequest))
            lines.append(
                CostLine(item: Item.expressDuration, dollarsPerThousand: 1000 * Self.expressGigabyteSeconds(usage) * prices.expressGBSecond)
            )
        }
        let kilobytesPerRecord = (Double(usage.telemetryRecordBytes) / 1024).rounded(.up)
        let firehoseKilobytesPerRecord = (Double(usage.telemetryRecordBytes) / 5120).rounded(.up) * 5
        let kinesisGB = 1000 * usage.telemetryRecords * kilobytesPerRecord / 1_048_576
        lines += [
            CostLine(
                item: Item.s3Requests, dollarsPerThousand: 1000 * (usage.s3Puts * prices.s3PutRequest + usage.s3Gets * prices.s3GetRequest)),
            CostLine(item: Item.sqsRequests, dollarsPerThousand: 1000 * usage.sqsRequests * prices.sqsRequest),
            CostLine(item: Item.kinesis, dollarsPerThousand: kinesisGB * (prices.kinesisIngestGB + prices.kinesisRetrievalGB)),
            CostLine(
                item: Item.firehose,
                dollarsPerThousand: 1000 * usage.telemetryRecords * firehoseKilobytesPerRecord / 1_048_576 * prices.firehoseGB),
            CostLine(
                item: Item.cloudWatchLogs,
                dollarsPerThousand: 1000 * Self.logBytes(usage, workflow: workflow) / Self.bytesPerGigabyte * prices.cloudWatchLogsIngestionGB),
        ]
        return CostBreakdown(workflow: workflow, architecture: architecture, lines: lines)
    }

    /// Bytes one study puts into CloudWatch Logs under `workflow`: the functions' lines and the
    /// state machine's records.
    public static func logBytes(_ usage: StudyUsage, workflow: WorkflowType) -> Double {
        usage.functionLogBytes + (usage.executionLogRecords[workflow] ?? 0) * Double(usage.executionLogRecordBytes)
    }

    /// Billed GB-seconds of one Express execution: duration rounded up to 100 ms, memory to 64 MB.
    public static func expressGigabyteSeconds(_ usage: StudyUsage) -> Double {
        let seconds =
            (usage.expressDurationMilliseconds / expressDurationStepMilliseconds).rounded(.up) * expressDurationStepMilliseconds / 1000
        let megabytes = max(1, (usage.expressMemoryMB / expressMemoryChunkMB).rounded(.up)) * expressMemoryChunkMB
        return seconds * megabytes / 1024
    }

    /// Costs that accrue per hour whatever the traffic: the on-demand Kinesis stream.
    public var fixedDollarsPerHour: Double { prices.kinesisStreamHour }

    /// The fixed hourly cost spread over `studiesPerHour` studies, per 1000 studies.
    public func fixedDollarsPerThousand(atStudiesPerHour studiesPerHour: Double) -> Double {
        studiesPerHour > 0 ? fixedDollarsPerHour / studiesPerHour * 1000 : .infinity
    }
}
