import Foundation
import PipelineCost
import Testing

/// The cost model prices each function at the memory deploy/template.yaml gives it by default.
@Suite struct CostModelTemplateTests {
    @Test(arguments: TemplateTests.functionNames)
    func costModelMemoryIsTheTemplatesDefault(name: String) throws {
        let facts = try DeployFiles.templateFacts()
        let memory = value(facts, at: ["functions", "\(name)Function", "MemorySize"])
        // A literal, or a Ref to a parameter whose default is the size.
        let size =
            (memory as? Int)
            ?? (value(memory, at: ["Ref"]) as? String).flatMap { value(facts, at: ["parameters", $0, "Default"]) as? Int }
        #expect(size != nil)
        #expect(StudyUsage.templateMemoryMB[name] == size)
    }

    /// The cost model prices the state machine's logs at the level the template gives each
    /// workflow type by default.
    @Test func costModelLogLevelsAreTheTemplatesDefaults() throws {
        let facts = try DeployFiles.templateFacts()
        let level = value(facts, at: ["resources", "StateMachine", "Properties", "LoggingConfiguration", "Level"])
        // A literal, a Ref to a parameter, or Fn::If on IsExpress between them.
        func resolved(_ level: Any?) -> String? {
            (level as? String)
                ?? (value(level, at: ["Ref"]) as? String).flatMap { value(facts, at: ["parameters", $0, "Default"]) as? String }
        }
        let branches = value(level, at: ["Fn::If"]) as? [Any]
        #expect(branches == nil || branches?.first as? String == "IsExpress")
        let express = resolved(branches.map { $0[1] } ?? level)
        let standard = resolved(branches.map { $0[2] } ?? level)
        #expect(express != nil && standard != nil)
        #expect(
            StudyUsage.templateStateMachineLogLevels.mapValues(\.rawValue) == [.express: express, .standard: standard].compactMapValues { $0 })
    }

    /// A successful execution of deploy/statemachine.asl.json: the five functions, with the
    /// stored outcome's Choice between the record and the telemetry.
    @Test func theHappyPathRunsTheFiveFunctionsAndTheOutcomeChoice() throws {
        let path = try StateMachineDefinition.happyPath(Data(contentsOf: URL(fileURLWithPath: DeployFiles.stateMachine)))
        #expect(
            path.map(\.name) == [
                "ValidateMetadata", "PrepareTensors", "RunInference", "StoreResult", "RecordedOutcome", "SendTelemetry", "StudyDone",
            ])
        // 1 + 5 Tasks × 5 + Choice 2 + Succeed 2 + 1.
        #expect(StateMachineDefinition.successfulExecutionLogRecords(path, level: .all) == 31)
    }
}
