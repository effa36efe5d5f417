import PipelineCost

/// One simulated hour of the AWS deployment: a base arrival rate with one burst.
struct Scenario {
    var name: String
    var studiesPerHour: Double
    var workflow: WorkflowType = .express
    /// The burst: `burstFactor` × the base rate from `burstStart` for `burstLength` seconds.
    var burstFactor = 5.0
    var burstStart = 1200.0
    var burstLength = 600.0
    var duration = 3600.0
    /// Triton's dynamic batching (off: one image per GPU pass).
    var batching = true
    /// Multiplies the GPU batch service time (a heavier model).
    var modelCost = 1.0
    var assumptions = Assumptions()

    func rate(at time: Double) -> Double {
        let base = studiesPerHour / 3600
        return time >= burstStart && time < burstStart + burstLength ? base * burstFactor : base
    }
}

/// What a run measured.
struct SimulationResult {
    var studies = 0
    var endToEnd: [Double] = []
    /// Per study, seconds from StartExecution's answer to the end: what Express bills.
    var executions: [Double] = []
    /// Per study, seconds spent waiting in each place (not in service).
    var waits: [String: [Double]] = [:]
    /// Mean time inside each stage's handler (what Lambda bills), seconds.
    var handlerSeconds: [String: Double] = [:]
    var coldStarts = 0
    /// Most Lambda invocations in flight at once (all functions: the account's concurrency).
    var peakConcurrency = 0
    var maximumPods = 0
    var podSeconds = 0.0
    /// Seconds from the first HPA tick whose queue time passed the target to the tick after
    /// which it stayed under; nil when it never passed.
    var catchUp: Double?
    var scaleOuts = 0
    var meanBatch = 0.0
}

/// The discrete-event simulation: arrivals → ingest → StartExecution (token bucket) → five
/// Lambda tasks (execution environments, cold starts, account concurrency; Standard's
/// transition bucket) with RunInference waiting on Triton pods (one shared queue, dynamic
/// batching up to 8) scaled by the HPA on queue time with pod start-up delays.
struct Simulation {
    static let stages = ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "SendTelemetry"]

    enum Event {
        case arrival
        case startExecution(Int)
        case stage(Int, Int)
        case stageDone(Int, Int)
        case tritonEnqueue(Int)
        case batchDone(pod: Int, studies: [Int])
        case podReady(Int)
        case hpaTick
    }

    struct Pod {
        var ready = false
        var busy = false
        var removed = false
    }

    let scenario: Scenario
    var random: SeededRandom
    var events = EventQueue<Event>()
    var result = SimulationResult()

    var arrived: [Double] = []
    var executionStarted: [Double] = []
    var stageRequested: [Double] = []
    var stageServiceStart: [Double] = []
    var tritonEnqueued: [Double] = []
    var waitSums: [[String: Double]] = []

    var startBucket: TokenBucket
    var transitionBucket: TokenBucket
    var idle: [String: Int] = [:]
    var busy = 0
    /// Invocations waiting for an environment, per function, first in first out.
    var lambdaQueues: [String: FIFO<(study: Int, stage: Int)>] = [:]
    var scaling: [String: TokenBucket] = [:]
    var handlerTotals: [String: Double] = [:]

    var pods: [Pod] = []
    var tritonQueue = FIFO<Int>()
    var queueSamples: [(time: Double, wait: Double)] = []
    var lastScaleUp = -1e9
    var lastScaleDown = -1e9
    var overTargetSince: Double?
    var desiredHistory: [(time: Double, desired: Int)] = []
    var batches = 0
    var batchedImages = 0

    init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        random = SeededRandom(seed: seed)
        let a = scenario.assumptions
        startBucket =
            scenario.workflow == .standard
            ? TokenBucket(capacity: a.standardStartBucket, refillPerSecond: a.standardStartRefill)
            : TokenBucket(capacity: a.expressStartBucket, refillPerSecond: a.expressStartRefill)
        transitionBucket = TokenBucket(capacity: a.transitionBucket, refillPerSecond: a.transitionRefill)
        pods = Array(repeating: Pod(ready: true), count: a.minimumPods)
        for stage in Self.stages { scaling[stage] = TokenBucket(capacity: a.scalingBurst, refillPerSecond: a.scalingPerSecond) }
    }

    mutating func run() -> SimulationResult {
        let a = scenario.assumptions
        events.schedule(.arrival, at: random.exponential(mean: 1 / scenario.rate(at: 0)))
        events.schedule(.hpaTick, at: a.hpaPeriod)
        var now = 0.0
        while let (time, event) = events.next() {
            // Pods bill while they exist (starting or ready), within the simulated hour.
            result.podSeconds +=
                Double(pods.filter { !$0.removed }.count) * max(0, min(time, scenario.duration) - min(now, scenario.duration))
            now = time
            handle(event, at: now)
        }
        result.studies = arrived.count
        result.maximumPods = max(result.maximumPods, a.minimumPods)
        for stage in Self.stages { result.handlerSeconds[stage] = (handlerTotals[stage] ?? 0) / Double(max(result.studies, 1)) }
        // Every study counts in every place's percentiles, with 0 where it did not wait there.
        let places = Set(waitSums.flatMap(\.keys))
        for sums in waitSums { for place in places { result.waits[place, default: []].append(sums[place] ?? 0) } }
        result.meanBatch = Double(batchedImages) / Double(max(batches, 1))
        if overTargetSince != nil { result.catchUp = .infinity }  // still over the target when the run ended
        return result
    }

    mutating func wait(_ study: Int, _ place: String, _ seconds: Double) { waitSums[study][place, default: 0] += seconds }

    mutating func service(_ median: Double) -> Double { random.logNormal(median: median, sigma: scenario.assumptions.serviceSigma) }

    mutating func handle(_ event: Event, at now: Double) {
        let a = scenario.assumptions
        switch event {
        case .arrival:
            guard now < scenario.duration else { return }
            let study = arrived.count
            arrived.append(now)
            executionStarted.append(.nan)
            stageRequested.append(0)
            stageServiceStart.append(0)
            tritonEnqueued.append(0)
            waitSums.append([:])
            let ingest = a.ingestFloor + random.exponential(mean: a.ingestMean)
            events.schedule(.startExecution(study), at: now + ingest)
            events.schedule(.arrival, at: now + random.exponential(mean: 1 / scenario.rate(at: now)))
        case .startExecution(let study):
            let throttled = startBucket.take(at: now)
            wait(study, "StartExecution quota", throttled)
            let started = now + throttled + service(a.startPerExecution)
            executionStarted[study] = started
            events.schedule(.stage(study, 0), at: started)
        case .stage(let study, let stage):
            var delay = a.orchestrationPerTask
            if scenario.workflow == .standard {
                let throttled = transitionBucket.take(at: now)
                wait(study, "state transition quota", throttled)
                delay += throttled
            }
            stageRequested[study] = now + delay
            acquireEnvironment(study: study, stage: stage, at: now + delay)
        case .stageDone(let study, let stage):
            let name = Self.stages[stage]
            handlerTotals[name, default: 0] += now - stageServiceStart[study]
            releaseEnvironment(Self.stages[stage], at: now)
            if stage + 1 < Self.stages.count {
                events.schedule(.stage(study, stage + 1), at: now)
            } else {
                // The final Succeed state: one more transition on Standard.
                let throttled = scenario.workflow == .standard ? transitionBucket.take(at: now) : 0
                result.endToEnd.append(now + throttled - arrived[study])
                result.executions.append(now + throttled - executionStarted[study])
            }
        case .tritonEnqueue(let study):
            tritonEnqueued[study] = now
            tritonQueue.push(study)
            dispatchBatches(at: now)
        case .batchDone(let pod, let studies):
            pods[pod].busy = false
            for study in studies { events.schedule(.stageDone(study, 2), at: now + a.tritonNetwork + service(a.inferenceAfter)) }
            dispatchBatches(at: now)
        case .podReady(let pod):
            pods[pod].ready = true
            dispatchBatches(at: now)
        case .hpaTick:
            autoscale(at: now)
            if now < scenario.duration + 600 || !tritonQueue.isEmpty { events.schedule(.hpaTick, at: now + a.hpaPeriod) }
        }
    }

    // MARK: - Lambda

    mutating func acquireEnvironment(study: Int, stage: Int, at time: Double) {
        let name = Self.stages[stage]
        let a = scenario.assumptions
        if idle[name, default: 0] > 0 {
            idle[name, default: 0] -= 1
            busy += 1
            begin(study: study, stage: stage, at: time)
        } else if busy < a.accountConcurrency, scaling[name]!.take(at: time) == 0 {
            busy += 1
            result.coldStarts += 1
            wait(study, "Lambda cold start", a.coldStart)
            begin(study: study, stage: stage, at: time + a.coldStart)
        } else {
            lambdaQueues[name, default: FIFO()].push((study, stage))
        }
    }

    mutating func releaseEnvironment(_ name: String, at time: Double) {
        busy -= 1
        idle[name, default: 0] += 1
        // Throttled invocations are retried by Step Functions; modelled as served in order.
        // Account concurrency is shared: the freed slot goes to the longest-waiting invocation of any function.
        let oldest = lambdaQueues.filter { !$0.value.isEmpty }.min {
            stageRequested[$0.value.first!.study] < stageRequested[$1.value.first!.study]
        }
        if let oldest, let waiting = lambdaQueues[oldest.key]?.pop() {
            wait(waiting.study, "Lambda concurrency", time - stageRequested[waiting.study])
            acquireEnvironment(study: waiting.study, stage: waiting.stage, at: time)
        }
    }

    mutating func begin(study: Int, stage: Int, at time: Double) {
        let a = scenario.assumptions
        result.peakConcurrency = max(result.peakConcurrency, busy)
        stageServiceStart[study] = time
        switch stage {
        case 0: events.schedule(.stageDone(study, 0), at: time + service(a.validate))
        case 1: events.schedule(.stageDone(study, 1), at: time + service(a.prepare))
        case 2: events.schedule(.tritonEnqueue(study), at: time + service(a.inferenceFetch) + a.tritonNetwork)
        case 3: events.schedule(.stageDone(study, 3), at: time + service(a.store))
        default: events.schedule(.stageDone(study, 4), at: time + service(a.telemetry))
        }
    }

    // MARK: - Triton and the HPA

    mutating func dispatchBatches(at now: Double) {
        let a = scenario.assumptions
        while !tritonQueue.isEmpty, let pod = pods.indices.first(where: { pods[$0].ready && !pods[$0].busy && !pods[$0].removed }) {
            let size = min(tritonQueue.count, scenario.batching ? a.maximumBatch : 1)
            let studies = (0..<size).compactMap { _ in tritonQueue.pop() }
            for study in studies {
                let waited = now - tritonEnqueued[study]
                wait(study, "Triton queue", waited)
                queueSamples.append((now, waited))
            }
            pods[pod].busy = true
            batches += 1
            batchedImages += size
            let seconds = (a.batchFixed + a.batchPerImage * Double(size)) * scenario.modelCost
            events.schedule(.batchDone(pod: pod, studies: studies), at: now + seconds)
        }
    }

    mutating func autoscale(at now: Double) {
        let a = scenario.assumptions
        queueSamples.removeAll { $0.time < now - a.metricWindow }
        let metric = queueSamples.isEmpty ? 0 : queueSamples.reduce(0) { $0 + $1.wait } / Double(queueSamples.count)
        let live = pods.indices.filter { !pods[$0].removed }
        let ready = live.filter { pods[$0].ready }.count
        let desired = min(a.maximumPods, max(a.minimumPods, Int((Double(max(ready, 1)) * metric / a.queueTarget).rounded(.up))))
        desiredHistory.append((now, desired))
        desiredHistory.removeAll { $0.time < now - a.scaleDownWindow }
        if metric > a.queueTarget {
            if overTargetSince == nil { overTargetSince = now }
        } else if let since = overTargetSince {
            result.catchUp = max(result.catchUp ?? 0, now - since)
            overTargetSince = nil
        }
        if desired > live.count, now - lastScaleUp >= a.scaleUpPeriod {
            let adding = min(desired - live.count, a.scaleUpPods)
            let warmNodes = max(0, a.spareNodes)
            for index in 0..<adding {
                pods.append(Pod())
                let delay = index < warmNodes ? a.podStartWarmNode : a.podStartNewNode
                events.schedule(.podReady(pods.count - 1), at: now + delay)
            }
            lastScaleUp = now
            result.scaleOuts += adding
            result.maximumPods = max(result.maximumPods, live.count + adding)
        } else {
            // Scale down only to the highest recommendation of the window, one pod per 300 s.
            let recommended = desiredHistory.map(\.desired).max() ?? desired
            if recommended < live.count, now - lastScaleDown >= 300, let pod = live.last(where: { !pods[$0].busy }) {
                pods[pod].removed = true
                lastScaleDown = now
            }
        }
    }
}
