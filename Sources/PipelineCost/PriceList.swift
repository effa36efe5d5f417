/// AWS list prices the cost model multiplies by: us-east-1, on-demand, first pricing tier.
///
/// Each constant names the page it comes from and when it was read. The machine that wrote
/// this cannot reach AWS; the pages were read from stored copies on 2026-12-01, and where a
/// page renders its table client-side (Lambda, Kinesis) the figure is the one AWS's page and
/// its own worked examples have stated since 2022. Update the constant, its comment and
/// `PriceList.retrieved` together when a price changes.
public struct PriceList: Sendable, Equatable {
    /// When and where these prices were read, printed next to every cost table.
    public var retrieved: String

    /// Lambda compute per GB-second, x86_64 (https://aws.amazon.com/lambda/pricing/, first
    /// 6 billion GB-seconds a month). Billed duration is rounded up to 1 ms.
    public var lambdaGBSecondX86: Double
    /// Lambda compute per GB-second, arm64 (same page; first 7.5 billion GB-seconds).
    public var lambdaGBSecondARM: Double
    /// Lambda requests: $0.20 per million (same page).
    public var lambdaRequest: Double

    /// Step Functions Standard: $0.025 per 1000 state transitions, retries included
    /// (https://aws.amazon.com/step-functions/pricing/).
    public var standardTransition: Double
    /// Step Functions Express: $1.00 per million requests (executions started), same page and
    /// https://aws.amazon.com/blogs/compute/building-cost-effective-aws-step-functions-workflows/.
    public var expressRequest: Double
    /// Step Functions Express duration per GB-second, first 1,000 GB-hours a month: $0.0000001042
    /// per 100 ms at 64 MB in AWS's Step Functions workshop (module 13, "Review the Cost
    /// Impact"), i.e. $0.00001667 per GB-second. Duration is rounded up to 100 ms and memory to
    /// 64 MB chunks (pricing page).
    public var expressGBSecond: Double

    /// S3 Standard PUT, COPY, POST, LIST: $0.005 per 1000 (https://aws.amazon.com/s3/pricing/).
    public var s3PutRequest: Double
    /// S3 Standard GET, SELECT and all other requests (HEAD): $0.0004 per 1000 (same page).
    public var s3GetRequest: Double
    /// SQS standard queue requests: $0.40 per million after the free tier
    /// (https://aws.amazon.com/sqs/pricing/); every 64 KB chunk is one request.
    public var sqsRequest: Double

    /// Kinesis Data Streams on-demand: data in per GB, each record rounded up to 1 KB
    /// (https://aws.amazon.com/kinesis/data-streams/pricing/).
    public var kinesisIngestGB: Double
    /// Kinesis Data Streams on-demand: data retrieved per GB (Firehose reading the stream).
    public var kinesisRetrievalGB: Double
    /// Kinesis Data Streams on-demand: per stream-hour, whatever the traffic (a fixed cost).
    public var kinesisStreamHour: Double
    /// Firehose ingestion per GB, first 500 TB a month, each record rounded up to 5 KB
    /// (https://aws.amazon.com/firehose/pricing/).
    public var firehoseGB: Double
    /// CloudWatch Logs ingestion per GB, us-east-1: $0.50 for Standard-class log groups
    /// (https://aws.amazon.com/cloudwatch/pricing/). Step Functions' execution logs are billed
    /// "at the vended logs rate" (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html),
    /// and Lambda's function logs have been vended logs since 2025-05-01 (AWS Compute Blog, "AWS
    /// Lambda introduces tiered pricing for Amazon CloudWatch Logs"): $0.50 per GB for the first
    /// 10 TB a month, then $0.25, $0.10 and $0.05. The first tier is the one that applies below
    /// 10 TB a month (~2.5 billion studies at 4 KB each). The tiers were read from third-party
    /// transcriptions of those pages on 2026-12-02; the pages themselves render client-side.
    public var cloudWatchLogsIngestionGB: Double

    /// us-east-1 list prices as read on 2026-12-01, CloudWatch Logs' on 2026-12-02 (see each
    /// property for its page).
    public static let usEast1 = PriceList(
        retrieved: "us-east-1 on-demand list prices, pages read 2026-12-01 (CloudWatch Logs 2026-12-02)",
        lambdaGBSecondX86: 0.000_016_666_7,
        lambdaGBSecondARM: 0.000_013_333_4,
        lambdaRequest: 0.20 / 1_000_000,
        standardTransition: 0.025 / 1000,
        expressRequest: 1.00 / 1_000_000,
        expressGBSecond: 0.000_016_67,
        s3PutRequest: 0.005 / 1000,
        s3GetRequest: 0.0004 / 1000,
        sqsRequest: 0.40 / 1_000_000,
        kinesisIngestGB: 0.08,
        kinesisRetrievalGB: 0.04,
        kinesisStreamHour: 0.04,
        firehoseGB: 0.029,
        cloudWatchLogsIngestionGB: 0.50
    )
}
