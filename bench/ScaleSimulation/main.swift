// The AWS deployment at 1k, 10k and 100k studies per hour with a burst, by discrete-event
// simulation (docs/scale.md): where the queue forms, how long the HPA takes to catch up, and
// the cost per 1000 studies with the GPU fleet included. Deterministic for a given --seed.
import BenchmarkSupport
import Foundation
import PipelineCost

var seed: UInt64 = 14
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard flag == "--seed", let value = arguments.next().flatMap(UInt64.init) else {
        print("usage: ScaleSimulation [--seed N]")
        exit(2)
    }
    seed = value
}

func format(_ value: Double, _ digits: Int = 0) -> String {
    value.isInfinite ? "not within the run" : value.isNaN ? "—" : String(format: "%.\(digits)f", value)
}

// The states a successful execution enters: Standard bills one transition each, and the
// state machine's log records follow them (bench/scale.sh runs from the repository root).
let happyPath: [StateMachineDefinition.State]
do {
    happyPath = try StateMachineDefinition.happyPath(try Data(contentsOf: URL(fileURLWithPath: "deploy/statemachine.asl.json")))
} catch {
    print("cannot read deploy/statemachine.asl.json: \(error)")
    exit(1)
}
let standardTransitions = happyPath.count

let heavy = 8.0  // a model 8× the assumed GPU cost (a larger input or backbone)
var scenarios: [Scenario] = []
for rate in [1_000.0, 10_000, 100_000] {
    scenarios.append(Scenario(name: "as deployed", studiesPerHour: rate))
}
scenarios += [
    Scenario(name: "Standard workflow", studiesPerHour: 100_000, workflow: .standard),
    Scenario(name: "no dynamic batching", studiesPerHour: 100_000, batching: false),
    Scenario(name: "8× model, new nodes", studiesPerHour: 100_000, modelCost: heavy),
    {
        var scenario = Scenario(name: "8× model, 2 warm spare nodes", studiesPerHour: 100_000, modelCost: heavy)
        scenario.assumptions.spareNodes = 2
        return scenario
    }(),
    Scenario(name: "8× model, no batching", studiesPerHour: 100_000, batching: false, modelCost: heavy),
]

print("RadStream scale simulation (seed \(seed)): one hour per row, the base rate with a 5× burst from minute 20 to 30")
print("assumptions and their sources: docs/scale.md and bench/ScaleSimulation/Assumptions.swift\n")

let model = CostModel()
var rows: [[String]] = []
var costRows: [[String]] = []
for (index, scenario) in scenarios.enumerated() {
    var simulation = Simulation(scenario: scenario, seed: seed &+ UInt64(index))
    let result = simulation.run()
    print("  simulated \(scenario.name) at \(format(scenario.studiesPerHour)) studies/h: \(result.studies) studies")
    let a = scenario.assumptions
    let waits = result.waits.mapValues { Statistics.percentile($0, 95) }
    let queue = waits.max { $0.value < $1.value }
    let queueText = queue.map { $0.value < 0.001 ? "nowhere (< 1 ms)" : "\($0.key) (p95 \(format($0.value * 1000)) ms)" } ?? "—"
    rows.append([
        format(scenario.studiesPerHour), scenario.name, "\(result.studies)",
        format(Statistics.percentile(result.endToEnd, 50) * 1000), format(Statistics.percentile(result.endToEnd, 95) * 1000),
        queueText, format(result.meanBatch, 1), "\(result.coldStarts)", "\(result.peakConcurrency)", "\(result.maximumPods)",
        result.catchUp.map { format($0) } ?? "never over target",
    ])

    // Cost of this hour: the serverless part per study from the simulated handler times, the
    // fleet from its simulated pod-seconds (+ spare nodes), and the hourly fixed costs.
    let functions =
        Simulation.stages.map { stage in
            StudyUsage.FunctionUsage(
                name: stage, memoryMB: StudyUsage.templateMemoryMB[stage] ?? 128, invocationsPerStudy: 1,
                billedMilliseconds: ((result.handlerSeconds[stage] ?? 0) * 1000).rounded(.up))
        } + [
            StudyUsage.FunctionUsage(
                name: "StartStudy", memoryMB: StudyUsage.templateMemoryMB["StartStudy"] ?? 128,
                invocationsPerStudy: 1 / HandlerModel.eventsPerStartStudyBatch,
                billedMilliseconds: (a.startPerExecution * HandlerModel.eventsPerStartStudyBatch * 1000).rounded(.up))
        ]
    let usage = StudyUsage(
        functions: functions, standardTransitions: standardTransitions,
        expressDurationMilliseconds: result.executions.reduce(0, +) / Double(max(result.executions.count, 1)) * 1000,
        executionLogRecords: StudyUsage.templateExecutionLogRecords(happyPath: happyPath))
    let breakdown = model.perThousandStudies(usage, workflow: scenario.workflow, architecture: .x86)
    let serverless = breakdown.total
    let hours = scenario.duration / 3600
    let perThousand = 1000 / Double(max(result.studies, 1))
    let nodeHours = result.podSeconds / 3600 + Double(a.spareNodes) * hours
    let fixed = (model.fixedDollarsPerHour + a.eksHour + a.loadBalancerHour) * hours * perThousand
    let onDemand = nodeHours * a.gpuOnDemandHour * perThousand
    let spot = nodeHours * a.gpuSpotHour * perThousand
    // Scale to zero, over a day with this hour's traffic for 8 hours and none for 16: the
    // deployed minimum keeps `minimumPods` nodes through the idle 16 hours; scaling to zero does not.
    let idleNodeHours = Double(a.minimumPods) * 16
    let dayStudies = Double(result.studies) * 8
    let dayMinimum = (nodeHours * 8 + idleNodeHours) * a.gpuOnDemandHour / dayStudies * 1000
    let dayZero = nodeHours * 8 * a.gpuOnDemandHour / dayStudies * 1000
    costRows.append([
        format(scenario.studiesPerHour), scenario.name, format(nodeHours, 2), format(breakdown.goalTotal, 4),
        format(breakdown.dollars(for: CostModel.Item.cloudWatchLogs), 4), format(fixed, 4),
        format(serverless + fixed + onDemand, 3), format(serverless + fixed + spot, 3), format(serverless + fixed + dayMinimum, 3),
        format(serverless + fixed + dayZero, 3),
    ])
}

print("(a) Latency, queues and autoscaling")
Table.print(
    header: [
        "studies/h", "scenario", "studies", "e2e p50 ms", "e2e p95 ms", "where the queue forms", "mean batch", "cold starts",
        "peak Lambda concurrency", "max pods",
        "HPA catch-up s",
    ], rows: rows)
print("\n(b) Cost per 1000 studies, US dollars (\(model.prices.retrieved); g5.xlarge $1.006/h on-demand, $0.40/h spot assumed)")
Table.print(
    header: [
        "studies/h", "scenario", "GPU node-hours", "serverless", "CloudWatch Logs", "fixed (Kinesis, EKS, NLB)", "all-in on-demand",
        "all-in spot",
        "day: 8 h busy, min pods idle", "day: 8 h busy, scale to zero",
    ], rows: costRows)
print(
    "    serverless = Lambda + Step Functions + S3 + SQS + Kinesis + Firehose from the simulated handler times (PipelineCost), "
        + "the goal's items; CloudWatch Logs = the functions' platform lines and logging budget (the state machine logs no record "
        + "of a successful execution at the template's levels); the all-in columns include both; "
        + "the two 'day' columns run this hour's traffic 8 hours a day and nothing for 16, on-demand")

// (c) The Express goal as AWS's latency and PrepareTensors' memory vary (HandlerModel).
let assumed = Assumptions()
let triton = (assumed.batchFixed + assumed.batchPerImage + 2 * assumed.tritonNetwork) * 1000  // 1 ms each way
var sensitivityRows: [[String]] = []
for latencies in [ServiceLatencies.assumedInRegion, .documentedS3, .everyRequest100] {
    for memory in [512, 1024, 1769] {
        var handlers = HandlerModel(latencies: latencies)
        handlers.memoryMB["PrepareTensors"] = memory
        let usage = handlers.usage(tritonMilliseconds: triton, happyPath: happyPath)
        let x86 = model.perThousandStudies(usage, workflow: .express, architecture: .x86)
        let arm = model.perThousandStudies(usage, workflow: .express, architecture: .arm64)
        sensitivityRows.append([
            latencies.name, "\(memory)\(memory == StudyUsage.templateMemoryMB["PrepareTensors"] ? " (default)" : "")",
            format(handlers.prepare), format(usage.expressDurationMilliseconds), format(x86.dollars(for: CostModel.Item.lambdaCompute), 4),
            format(x86.goalTotal, 4), format(arm.goalTotal, 4), format(x86.total, 4),
        ])
    }
}
print("\n(c) Express per 1000 studies (JPEG + sidecar) by S3 latency and PrepareTensors memory, handler times modelled from measured CPU")
Table.print(
    header: [
        "S3 latency", "PrepareTensors MB", "PrepareTensors ms", "execution ms", "Lambda compute x86_64", "goal items x86_64",
        "goal items arm64", "with CloudWatch Logs x86_64",
    ], rows: sensitivityRows)
print(
    "    handler ms = what it waits on + its measured CPU × max(1, 1769/memory); PrepareTensors = first byte + max(body transfer, CPU) + the tensor's PUT "
        + "(decoded while it downloads); latencies and CPU figures: bench/ScaleSimulation/HandlerModel.swift, docs/scale.md; goal: ≤ $0.03")
