import Foundation
import Testing

/// The state machine's retry budgets fit an Express workflow's 5 minutes: along the longest
/// path (every attempt of every retried task running to its function's timeout, every retry
/// waiting its full backoff), the execution still reaches a record and a terminal state.
struct StateMachineBudgetTests {
    /// Express workflows end at 5 minutes, whatever the definition says (docs/error-types.md).
    static let expressLimitSeconds = 300.0

    /// The worst time of each task state: attempts × the function's timeout + every retry's wait.
    static func worstSeconds(of state: [String: Any], timeouts: [String: Double]) -> Double {
        guard state["Type"] as? String == "Task" else { return 0 }
        let resource = state["Resource"] as? String ?? ""
        let function = resource.replacingOccurrences(of: "${", with: "").replacingOccurrences(of: "Arn}", with: "")
        let timeout = timeouts[function] ?? .infinity
        var attempts = 1.0
        var waits = 0.0
        for retrier in state["Retry"] as? [[String: Any]] ?? [] {
            // Step Functions' defaults: 3 attempts, 1 s, rate 2.
            let maximum = (retrier["MaxAttempts"] as? NSNumber)?.intValue ?? 3
            let interval = (retrier["IntervalSeconds"] as? NSNumber)?.doubleValue ?? 1
            let rate = (retrier["BackoffRate"] as? NSNumber)?.doubleValue ?? 2
            attempts += Double(maximum)
            waits += (0..<maximum).reduce(0) { $0 + interval * pow(rate, Double($1)) }
        }
        return attempts * timeout + waits
    }

    @Test func theLongestPathFitsExpressFiveMinutes() throws {
        let definition = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: DeployFiles.stateMachine))) as? [String: Any])
        let states = try #require(definition["States"] as? [String: [String: Any]])
        let facts = try DeployFiles.templateFacts()
        var timeouts: [String: Double] = [:]
        for name in ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "SendTelemetry"] {
            timeouts[name] = try #require(
                (value(facts, at: ["functions", "\(name)Function", "Timeout"]) as? NSNumber)?.doubleValue, "\(name)")
        }
        // Longest path by depth-first search (the graph has no cycles: checked by the depth bound).
        func longest(from name: String, depth: Int) -> Double {
            guard depth < 64, let state = states[name] else { return depth < 64 ? 0 : .infinity }
            var next: [String] = []
            if let following = state["Next"] as? String { next.append(following) }
            next += (state["Catch"] as? [[String: Any]] ?? []).compactMap { $0["Next"] as? String }
            next += (state["Choices"] as? [[String: Any]] ?? []).compactMap { $0["Next"] as? String }
            if let fallback = state["Default"] as? String { next.append(fallback) }
            return Self.worstSeconds(of: state, timeouts: timeouts) + (next.map { longest(from: $0, depth: depth + 1) }.max() ?? 0)
        }
        let worst = longest(from: try #require(definition["StartAt"] as? String), depth: 0)
        #expect(worst <= Self.expressLimitSeconds, "the longest path takes \(worst) s")
        #expect(((definition["TimeoutSeconds"] as? NSNumber)?.doubleValue ?? .infinity) <= Self.expressLimitSeconds)
        print("state machine: longest path \(worst) s of \(Self.expressLimitSeconds) s")
    }
}
