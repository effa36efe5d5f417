import Foundation

/// A state machine's `LoggingConfiguration.Level`: which execution events reach its log group.
public enum ExecutionLogLevel: String, Sendable, CaseIterable {
    /// Every event.
    case all = "ALL"
    /// Error events: failures, retried or caught task failures.
    case error = "ERROR"
    /// A failed, aborted or timed-out execution's last event.
    case fatal = "FATAL"
    /// None.
    case off = "OFF"
}

/// What the cost model needs from deploy/statemachine.asl.json.
public enum StateMachineDefinition {
    /// Why a definition could not be read.
    public enum ReadError: Error, Equatable {
        /// The document is not an ASL object with `StartAt` and `States`.
        case notAnASLDocument
        /// No chain of `Next`, Choice rules and `Default` leads from `StartAt` to a Succeed
        /// state or an `End` that is not a Fail state.
        case noPathToSuccess
    }

    /// One state a successful execution enters.
    public struct State: Sendable, Equatable {
        /// The state's name in `States`.
        public var name: String
        /// Its ASL `Type` (`Task`, `Choice`, `Pass`, `Succeed`, …).
        public var type: String

        /// A state named `name` of ASL type `type`.
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// The states a successful execution enters, `StartAt` first (Standard bills one transition
    /// each; a retry adds one more): the shortest chain of `Next`, Choice rules' `Next` and
    /// `Default` that ends in a Succeed state or a state with `End: true` (a Fail state is not
    /// success; `Catch` targets are error paths and not followed).
    ///
    /// Limits: the shortest success is taken to be the usual one (a Choice that could skip to
    /// Succeed would shorten it), and the states inside Parallel and Map branches are not
    /// counted. `Tests/DeployTests` pins the path of deploy/statemachine.asl.json.
    public static func happyPath(_ definition: Data) throws(ReadError) -> [State] {
        guard let document = try? JSONSerialization.jsonObject(with: definition) as? [String: Any],
            let states = document["States"] as? [String: [String: Any]], let start = document["StartAt"] as? String,
            states[start] != nil
        else { throw .notAnASLDocument }
        // Breadth first, so the first success reached is on a shortest path.
        var cameFrom: [String: String] = [:]
        var queue = [start]
        var visited: Set<String> = [start]
        var index = 0
        while index < queue.count {
            let current = queue[index]
            index += 1
            guard let state = states[current] else { continue }
            let type = state["Type"] as? String ?? ""
            if type == "Succeed" || (type != "Fail" && state["End"] as? Bool == true) {
                var path = [State(name: current, type: type)]
                var name = current
                while let previous = cameFrom[name] {
                    path.append(State(name: previous, type: states[previous]?["Type"] as? String ?? ""))
                    name = previous
                }
                return path.reversed()
            }
            for next in successors(of: state) where states[next] != nil && visited.insert(next).inserted {
                cameFrom[next] = current
                queue.append(next)
            }
        }
        throw .noPathToSuccess
    }

    /// Records Step Functions writes to the state machine's log group for one execution that
    /// succeeds without a retry, at `level`. At `ALL`: `ExecutionStarted`, five per Task state
    /// (`TaskStateEntered`, the scheduled, started and succeeded events of its Lambda call,
    /// `TaskStateExited`), two per other state (entered, exited) and `ExecutionSucceeded`.
    /// `ERROR` logs error events only (a failed execution's, and a task failure that was retried
    /// or caught), `FATAL` only a failed, aborted or timed-out execution's, `OFF` nothing: none of
    /// them for a clean success (https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html).
    public static func successfulExecutionLogRecords(_ path: [State], level: ExecutionLogLevel) -> Int {
        guard level == .all else { return 0 }
        return 2 + path.reduce(0) { $0 + ($1.type == "Task" ? 5 : 2) }
    }

    private static func successors(of state: [String: Any]) -> [String] {
        if state["Type"] as? String == "Choice" {
            let rules = (state["Choices"] as? [[String: Any]] ?? []).compactMap { $0["Next"] as? String }
            return rules + [state["Default"] as? String].compactMap { $0 }
        }
        return [state["Next"] as? String].compactMap { $0 }
    }
}
