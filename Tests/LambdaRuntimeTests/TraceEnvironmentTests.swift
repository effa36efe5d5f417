import Testing

@testable import LambdaRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// `_X_AMZN_TRACE_ID` follows the invocation without per-invocation allocation; an oversize
/// header is removed, never truncated. These tests change this process's environment, so they
/// run one at a time.
@Suite(.serialized)
struct TraceEnvironmentTests {
    static func exported() -> String? {
        getenv(TraceEnvironment.variable).map { String(cString: $0) }
    }

    @Test func eachInvocationSeesItsOwnHeaderAndNoneAfterwards() {
        let environment = TraceEnvironment()
        #expect(environment.export("Root=1-00000001-aaaaaaaaaaaaaaaaaaaaaaaa;Sampled=1"))
        #expect(Self.exported() == "Root=1-00000001-aaaaaaaaaaaaaaaaaaaaaaaa;Sampled=1")
        #expect(environment.export("Root=1-2;Sampled=0"))  // shorter: the old tail must not show
        #expect(Self.exported() == "Root=1-2;Sampled=0")
        environment.export(nil)
        #expect(Self.exported() == nil)
        #expect(environment.export("Root=1-3"))
        #expect(Self.exported() == "Root=1-3")
        environment.export(nil)
    }

    @Test func headerOfExactlyTheLimitIsExported() {
        let environment = TraceEnvironment()
        let header = String(repeating: "a", count: TraceEnvironment.maximumLength)
        #expect(environment.export(header))
        #expect(Self.exported() == header)
        environment.export(nil)
    }

    /// The headers that cannot be exported, by kind (the arguments stay short in test output).
    enum Unexportable: String, CaseIterable {
        case longerThanLambdasLimit, containsNUL

        var header: String {
            switch self {
            case .longerThanLambdasLimit: String(repeating: "b", count: TraceEnvironment.maximumLength + 1)
            case .containsNUL: "Root=1-4\u{0};Sampled=1"
            }
        }
    }

    @Test(arguments: Unexportable.allCases)
    func unexportableHeaderRemovesTheVariable(kind: Unexportable) {
        let environment = TraceEnvironment()
        #expect(environment.export("Root=1-previous"))
        #expect(!environment.export(kind.header))
        #expect(Self.exported() == nil, "neither truncated nor the previous invocation's header")
        #expect(environment.export("Root=1-next"))
        #expect(Self.exported() == "Root=1-next")
        environment.export(nil)
    }

    @Test func inheritedValueIsRemovedBetweenInvocations() {
        setenv(TraceEnvironment.variable, "Root=1-inherited", 1)
        TraceEnvironment().export(nil)
        #expect(Self.exported() == nil)
    }
}
