import Foundation
import PipelineCost
import Testing

/// The arithmetic against cases worked out by hand from the price list's definitions.
@Suite struct CostModelTests {
    let model = CostModel()

    /// One function of 1024 MB billed 1000 ms once per study: exactly 1 GB-second a study.
    func oneGigabyteSecond(transitions: Int = 6, expressMilliseconds: Double = 250, expressMemoryMB: Double = 64) -> StudyUsage {
        StudyUsage(
            functions: [.init(name: "PrepareTensors", memoryMB: 1024, invocationsPerStudy: 1, billedMilliseconds: 1000)],
            standardTransitions: transitions, expressDurationMilliseconds: expressMilliseconds, expressMemoryMB: expressMemoryMB,
            executionLogRecords: [:])
    }

    func close(_ value: Double, _ expected: Double) -> Bool { abs(value - expected) <= 1e-12 + abs(expected) * 1e-9 }

    @Test func lambdaComputeIsGigabyteSecondsTimesPricePerArchitecture() {
        let x86 = model.perThousandStudies(oneGigabyteSecond(), workflow: .standard, architecture: .x86)
        let arm = model.perThousandStudies(oneGigabyteSecond(), workflow: .standard, architecture: .arm64)
        // 1000 studies × 1 GB-s × $0.0000166667 = $0.0166667; arm64 × $0.0000133334.
        #expect(close(x86.dollars(for: CostModel.Item.lambdaCompute), 0.016_666_7))
        #expect(close(arm.dollars(for: CostModel.Item.lambdaCompute), 0.013_333_4))
        // 1000 invocations × $0.20 per million.
        #expect(close(x86.dollars(for: CostModel.Item.lambdaRequests), 0.0002))
    }

    @Test func standardBillsEveryTransitionAndNoExpressItems() {
        let standard = model.perThousandStudies(oneGigabyteSecond(transitions: 6), workflow: .standard, architecture: .x86)
        // 6000 transitions × $0.025 per 1000.
        #expect(close(standard.dollars(for: CostModel.Item.standardTransitions), 0.15))
        #expect(standard.dollars(for: CostModel.Item.expressRequests) == 0)
        #expect(standard.dominant.item == CostModel.Item.standardTransitions)
    }

    @Test func expressRoundsDurationUpTo100MillisecondsAndMemoryTo64MegabyteChunks() {
        // 250 ms → 300 ms; 64 MB → 0.0625 GB: 0.01875 GB-s per execution, × 1000 × $0.00001667.
        let express = model.perThousandStudies(oneGigabyteSecond(expressMilliseconds: 250), workflow: .express, architecture: .x86)
        #expect(close(express.dollars(for: CostModel.Item.expressDuration), 0.000_312_562_5))
        // 1000 executions × $1.00 per million.
        #expect(close(express.dollars(for: CostModel.Item.expressRequests), 0.001))
        #expect(express.dollars(for: CostModel.Item.standardTransitions) == 0)
        // 65 MB is two chunks (128 MB); 300 ms exactly stays 300 ms.
        #expect(close(CostModel.expressGigabyteSeconds(oneGigabyteSecond(expressMilliseconds: 300, expressMemoryMB: 65)), 0.0375))
        // A 1 ms execution still bills one 100 ms step.
        #expect(close(CostModel.expressGigabyteSeconds(oneGigabyteSecond(expressMilliseconds: 1)), 0.1 * 0.0625))
    }

    @Test func requestsAndTelemetryAtTheDefaultCounts() {
        let breakdown = model.perThousandStudies(oneGigabyteSecond(), workflow: .express, architecture: .x86)
        // 4 PUTs × $0.005/1000 + 3 GETs × $0.0004/1000, × 1000 studies.
        #expect(close(breakdown.dollars(for: CostModel.Item.s3Requests), 0.0212))
        // 1.2 requests × 1000 × $0.40 per million.
        #expect(close(breakdown.dollars(for: CostModel.Item.sqsRequests), 0.000_48))
        // 5 records of 450 B → 1 KB each: 5000 KB = 5000/1048576 GB × ($0.08 in + $0.04 out).
        #expect(close(breakdown.dollars(for: CostModel.Item.kinesis), 5000.0 / 1_048_576 * 0.12))
        // Firehose rounds each to 5 KB: 25000 KB × $0.029/GB.
        #expect(close(breakdown.dollars(for: CostModel.Item.firehose), 25000.0 / 1_048_576 * 0.029))
    }

    @Test func aDICOMSubmissionSavesTheSidecarsPut() {
        var usage = oneGigabyteSecond()
        usage.s3Puts = StudyUsage.s3PutsPerSuccessfulDICOMStudy
        let breakdown = model.perThousandStudies(usage, workflow: .express, architecture: .x86)
        // 3 PUTs × $0.005/1000 + 3 GETs × $0.0004/1000, × 1000 studies: one PUT ($0.005) less.
        #expect(close(breakdown.dollars(for: CostModel.Item.s3Requests), 0.0162))
    }

    @Test func telemetryRecordsRoundUpPerRecord() {
        var usage = oneGigabyteSecond()
        usage.telemetryRecordBytes = 5121  // 6 KB for Kinesis, 10 KB for Firehose
        let breakdown = model.perThousandStudies(usage, workflow: .express, architecture: .x86)
        #expect(close(breakdown.dollars(for: CostModel.Item.kinesis), 5 * 6 * 1000.0 / 1_048_576 * 0.12))
        #expect(close(breakdown.dollars(for: CostModel.Item.firehose), 5 * 10 * 1000.0 / 1_048_576 * 0.029))
    }

    @Test func totalIsTheSumOfItsLines() {
        let breakdown = model.perThousandStudies(oneGigabyteSecond(), workflow: .express, architecture: .arm64)
        // 0.0133334 + 0.0002 + 0.001 + 0.0003125625 + 0.0212 + 0.00048 + kinesis + firehose, by hand,
        // then CloudWatch Logs: one invocation's platform lines (463 B) + the 3072 B application budget.
        let goal =
            0.013_333_4 + 0.0002 + 0.001 + 0.000_312_562_5 + 0.0212 + 0.000_48 + 5000.0 / 1_048_576 * 0.12 + 25000.0 / 1_048_576 * 0.029
        let logs = 1000 * 3535 / 1_073_741_824.0 * 0.50
        #expect(close(breakdown.goalTotal, goal))
        #expect(close(breakdown.total, goal + logs))
        #expect(breakdown.lines.count == 9)
    }

    @Test func cloudWatchLogsPriceTheFunctionsLinesAndTheWorkflowsRecords() {
        var usage = oneGigabyteSecond()
        usage.functionLogBytes = 2000
        usage.executionLogRecords = [.express: 31]
        usage.executionLogRecordBytes = 300
        // Express: 2000 + 31 × 300 = 11,300 B a study; Standard logs no records here: 2000 B.
        let express = model.perThousandStudies(usage, workflow: .express, architecture: .x86)
        let standard = model.perThousandStudies(usage, workflow: .standard, architecture: .x86)
        #expect(close(express.dollars(for: CostModel.Item.cloudWatchLogs), 1000 * 11_300 / 1_073_741_824.0 * 0.50))
        #expect(close(standard.dollars(for: CostModel.Item.cloudWatchLogs), 1000 * 2000 / 1_073_741_824.0 * 0.50))
        #expect(!CostModel.Item.goalItems.contains(CostModel.Item.cloudWatchLogs))
        // Without a measurement, each invocation's platform lines plus the application budget.
        let functions: [StudyUsage.FunctionUsage] = [
            .init(name: "StartStudy", memoryMB: 128, invocationsPerStudy: 0.1, billedMilliseconds: 40),
            .init(name: "ValidateMetadata", memoryMB: 128, invocationsPerStudy: 1, billedMilliseconds: 10),
        ]
        #expect(
            close(
                StudyUsage(functions: functions, standardTransitions: 7, expressDurationMilliseconds: 100, executionLogRecords: [:])
                    .functionLogBytes,
                1.1 * 463 + Double(StudyUsage.applicationLogBytesPerSuccessfulStudy)))
    }

    @Test func tablesListEveryPricedItemInTheModelsOrder() {
        let breakdowns = WorkflowType.allCases.map {
            model.perThousandStudies(oneGigabyteSecond(), workflow: $0, architecture: .x86)
        }
        let priced = Set(breakdowns.flatMap { $0.lines.map(\.item) })
        // Every priced item, once, in `all`'s order; a Standard breakdown alone lists no Express item.
        #expect(CostModel.Item.priced(in: breakdowns) == CostModel.Item.all.filter(priced.contains))
        #expect(CostModel.Item.priced(in: breakdowns).count == priced.count)
        #expect(CostModel.Item.priced(in: breakdowns).last == CostModel.Item.cloudWatchLogs)
        #expect(CostModel.Item.priced(in: [breakdowns[0]]).contains(CostModel.Item.expressRequests) == false)
    }

    @Test func expressDurationSumsTheExecutionsFunctionsPlusOverhead() {
        let functions: [StudyUsage.FunctionUsage] = [
            .init(name: "StartStudy", memoryMB: 128, invocationsPerStudy: 0.1, billedMilliseconds: 40),
            .init(name: "ValidateMetadata", memoryMB: 128, invocationsPerStudy: 1, billedMilliseconds: 10),
            .init(name: "PrepareTensors", memoryMB: 1769, invocationsPerStudy: 1, billedMilliseconds: 30),
        ]
        // StartStudy runs outside the execution: (10 + 25) + (30 + 25).
        #expect(StudyUsage.expressDuration(of: functions) == 90)
        #expect(StudyUsage.expressDuration(of: functions, overheadPerTaskMilliseconds: 0) == 40)
    }

    @Test func fixedStreamHourSpreadsOverTheHourlyRate() {
        // $0.04 an hour over 1000 studies an hour is $0.04 per 1000; over 10,000, $0.004.
        #expect(close(model.fixedDollarsPerThousand(atStudiesPerHour: 1000), 0.04))
        #expect(close(model.fixedDollarsPerThousand(atStudiesPerHour: 10000), 0.004))
    }

    @Test func happyPathFollowsNextUntilTheEnd() throws {
        let definition = Data(
            """
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Next": "B", "Catch": [{"Next": "F"}]},
              "B": {"Type": "Choice", "Default": "C"},
              "C": {"Type": "Succeed"},
              "F": {"Type": "Fail"}}}
            """.utf8)
        #expect(try StateMachineDefinition.happyPath(definition).count == 3)
        #expect(throws: StateMachineDefinition.ReadError.notAnASLDocument) {
            try StateMachineDefinition.happyPath(Data("[]".utf8))
        }
        #expect(throws: StateMachineDefinition.ReadError.noPathToSuccess) {
            try StateMachineDefinition.happyPath(Data(#"{"StartAt": "F", "States": {"F": {"Type": "Fail"}}}"#.utf8))
        }
    }

    /// Success may be a Choice rule rather than its Default (the pipeline's RecordedOutcome
    /// sends a stored success on and defaults to the failure path), and a Catch is not followed.
    @Test func happyPathTakesTheChoiceRuleThatLeadsToSuccess() throws {
        let definition = Data(
            """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Next": "Outcome", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
              "Outcome": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Report"}],
                          "Default": "Failed"},
              "Report": {"Type": "Task", "Next": "Done"},
              "Done": {"Type": "Succeed"},
              "Failed": {"Type": "Fail"}}}
            """.utf8)
        let path = try StateMachineDefinition.happyPath(definition)
        #expect(path.map(\.name) == ["Work", "Outcome", "Report", "Done"])
        // ALL: ExecutionStarted, 5 per Task, 2 per Choice and Succeed, ExecutionSucceeded.
        #expect(StateMachineDefinition.successfulExecutionLogRecords(path, level: .all) == 1 + 5 + 2 + 5 + 2 + 1)
        for level in [ExecutionLogLevel.error, .fatal, .off] {
            #expect(StateMachineDefinition.successfulExecutionLogRecords(path, level: level) == 0)
        }
    }

    /// Below one vCPU (1769 MB) the CPU part stretches in proportion; waiting never does, and
    /// more memory than one vCPU does not speed a single thread up.
    @Test func lambdaMillisecondsStretchOnlyTheCPUBelowOneVCPU() {
        #expect(close(StudyUsage.lambdaMilliseconds(waitingMilliseconds: 100, cpuMilliseconds: 17, memoryMB: 1769), 117))
        #expect(close(StudyUsage.lambdaMilliseconds(waitingMilliseconds: 100, cpuMilliseconds: 17, memoryMB: 1024), 100 + 17 * 1769 / 1024.0))
        #expect(close(StudyUsage.lambdaMilliseconds(waitingMilliseconds: 100, cpuMilliseconds: 17, memoryMB: 4096), 117))
        #expect(close(StudyUsage.lambdaMilliseconds(waitingMilliseconds: 40, cpuMilliseconds: 0, memoryMB: 128), 40))
    }
}
