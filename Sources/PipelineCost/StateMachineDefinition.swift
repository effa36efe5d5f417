import Foundation

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
    }

    /// The states a successful execution enters, `StartAt` first: the shortest chain of `Next`,
    /// Choice rules' `Next` and `Default` that ends in a Succeed state or a state with
    /// `End: true` (a Fail state is not success; `Catch` targets are error paths and not followed).
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

    /// States a successful execution enters: Standard bills one transition each (a retry adds
    /// one more).
    public static func happyPathTransitions(_ definition: Data) throws(ReadError) -> Int {
        try happyPath(definition).count
    }

    /// Records Step Functions writes to the state machine's log group for one successful
    /// execution at `level` (`LoggingConfiguration.Level`). At `ALL`: `ExecutionStarted`, five
    /// per Task state (`TaskStateEntered`, the scheduled, started and succeeded events of its
    /// Lambda call, `TaskStateExited`), two per other state (entered, exited) and
    /// `ExecutionSucceeded`. `ERROR`, `FATAL` and `OFF` log only failure events, none of which a
    /// successful execution has (https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html).
    public static func successfulExecutionLogRecords(_ path: [State], level: String) -> Int {
        guard level == "ALL" else { return 0 }
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
