import Foundation

/// What the cost model needs from deploy/statemachine.asl.json.
public enum StateMachineDefinition {
    /// Why a definition could not be read.
    public enum ReadError: Error, Equatable {
        /// The document is not an ASL object with `StartAt` and `States`.
        case notAnASLDocument
    }

    /// States a successful execution enters, StartAt to the end: Standard bills one transition
    /// each (a retry adds one more). Follows `Next`, a Choice's `Default`, stops at `End`,
    /// Succeed, Fail or a state already visited.
    public static func happyPathTransitions(_ definition: Data) throws(ReadError) -> Int {
        guard let document = try? JSONSerialization.jsonObject(with: definition) as? [String: Any],
            let states = document["States"] as? [String: [String: Any]], var current = document["StartAt"] as? String
        else { throw .notAnASLDocument }
        var count = 0
        var seen: Set<String> = []
        while let state = states[current], seen.insert(current).inserted {
            count += 1
            let type = state["Type"] as? String ?? ""
            if state["End"] as? Bool == true || type == "Succeed" || type == "Fail" { break }
            guard let next = (type == "Choice" ? state["Default"] : state["Next"]) as? String else { break }
            current = next
        }
        return count
    }
}
