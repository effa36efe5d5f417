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
}
