/// A function's execution environments: Lambda scales a function out to several, and so can the
/// emulator (``FunctionConfiguration/concurrency``). An invocation goes to the environment with
/// the fewest invocations in flight or queued, counted here so concurrent choices never race.
actor FunctionPool {
    nonisolated let environments: [FunctionInstance]
    private var inFlight: [Int]

    init(configuration: FunctionConfiguration, logSink: EmulatorLogSink) {
        environments = (0..<max(1, configuration.concurrency)).map { _ in
            FunctionInstance(configuration: configuration, logSink: configuration.logSink?.attributed(to: configuration.name) ?? logSink)
        }
        inFlight = Array(repeating: 0, count: environments.count)
    }

    /// Runs one invocation on the least busy environment.
    func invoke(payload: [UInt8], clientContext: String? = nil) async -> InvocationResult {
        let index = inFlight.indices.min { inFlight[$0] < inFlight[$1] } ?? 0
        inFlight[index] += 1
        defer { inFlight[index] -= 1 }
        return await environments[index].invoke(payload: payload, clientContext: clientContext)
    }

    func shutdown() async {
        for environment in environments {
            await environment.shutdown()
        }
    }
}
