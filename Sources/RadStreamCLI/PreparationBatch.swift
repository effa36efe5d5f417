import Dispatch
import Foundation
import Synchronization
import TensorPreparation

/// A folder-to-folder `radstream prepare` run: which inputs there are, where each one's tensor
/// goes, and preparing them on several threads with refusals counted by errorType — so a team
/// prepares a training set of thousands of DICOM files with exactly its deployed preprocessing.
struct PreparationBatch: Sendable {
    /// One input file and the `.npy` it becomes.
    struct Item: Sendable, Equatable {
        /// The input's path.
        var input: String
        /// The tensor's path.
        var output: String
    }

    /// An input that was refused, and why (its errorType: `NotDICOM`, `UnsupportedTransferSyntax`, `FileError`, …).
    struct Refusal: Sendable, Equatable {
        /// The input's path.
        var input: String
        /// The stable error type.
        var errorType: String
    }

    /// What a run did.
    struct Outcome: Sendable {
        /// Inputs whose tensor was written.
        var prepared: Int
        /// Inputs refused, in input order.
        var refusals: [Refusal]

        /// `prepared 1204 of 1210; refused 6: NotDICOM 4, UnsupportedTransferSyntax 2`.
        var summary: String {
            let total = prepared + refusals.count
            guard !refusals.isEmpty else { return "prepared \(prepared) of \(total)" }
            let counts = Dictionary(grouping: refusals, by: \.errorType).map { ($0.key, $0.value.count) }
                .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            return "prepared \(prepared) of \(total); refused \(refusals.count): "
                + counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
    }

    /// The inputs in order: each folder's regular files (recursively, sorted, hidden names skipped)
    /// and each file given directly.
    let items: [Item]

    /// Lists the inputs and creates the output folders.
    ///
    /// A file in a folder becomes `outputFolder/<path relative to that folder>.npy` (its full name
    /// kept: `IM0001` → `IM0001.npy`, `a.dcm` → `a.dcm.npy`, so `a.dcm` and `a.png` never collide); a
    /// file given directly, `outputFolder/<name>.npy`.
    ///
    /// - Throws: `FileBytes.Failure` for an input that does not exist, two inputs that would
    ///   write the same tensor, or an output folder that cannot be created.
    init(inputs: [String], outputFolder: String) throws {
        let files = FileManager.default
        var items: [Item] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw FileBytes.Failure(description: "\(input) does not exist")
            }
            guard isDirectory.boolValue else {
                items.append(Item(input: input, output: "\(outputFolder)/\(URL(fileURLWithPath: input).lastPathComponent).npy"))
                continue
            }
            let root = URL(fileURLWithPath: input).standardizedFileURL
            var relatives: [String] = []
            let enumerator = files.enumerator(atPath: root.path)
            while let relative = enumerator?.nextObject() as? String {
                guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                var isFolder: ObjCBool = false
                if files.fileExists(atPath: root.appending(path: relative).path, isDirectory: &isFolder), !isFolder.boolValue {
                    relatives.append(relative)
                }
            }
            items += relatives.sorted().map { Item(input: root.appending(path: $0).path, output: "\(outputFolder)/\($0).npy") }
        }
        var seen = Set<String>()
        for item in items where !seen.insert(item.output).inserted {
            throw FileBytes.Failure(description: "two inputs would write \(item.output); give them in separate runs")
        }
        for folder in Set(items.map { URL(fileURLWithPath: $0.output).deletingLastPathComponent().path }) {
            do {
                try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw FileBytes.Failure(description: "cannot create \(folder)")
            }
        }
        self.items = items
    }

    /// Prepares every item on `jobs` threads (at most the cores the system runs at once).
    ///
    /// - Parameters:
    ///   - prepare: Reads, prepares and writes one item; its error is the item's refusal.
    ///   - progress: Called after each item with (items done, refusals so far), from any thread.
    func run(
        jobs: Int, _ prepare: @Sendable (Item) throws -> Void, progress: @Sendable (_ done: Int, _ refused: Int) -> Void
    ) -> Outcome {
        struct State {
            var next = 0
            var done = 0
            var refusals: [(index: Int, refusal: Refusal)] = []
        }
        let state = Mutex(State())
        let items = self.items
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, items.count))) { _ in
            while true {
                let index: Int? = state.withLock { state in
                    guard state.next < items.count else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index else { return }
                var refusal: Refusal?
                do {
                    try prepare(items[index])
                } catch {
                    refusal = Refusal(input: items[index].input, errorType: Self.errorType(of: error))
                }
                let (done, refused) = state.withLock { state in
                    state.done += 1
                    if let refusal { state.refusals.append((index, refusal)) }
                    return (state.done, state.refusals.count)
                }
                progress(done, refused)
            }
        }
        let refusals = state.withLock { $0.refusals }.sorted { $0.index < $1.index }.map(\.refusal)
        return Outcome(prepared: items.count - refusals.count, refusals: refusals)
    }

    /// The stable name of an item's failure: the library's errorType, `FileError` for I/O.
    static func errorType(of error: any Error) -> String {
        switch error {
        case let error as PreparationError: error.errorType
        case let error as PreprocessingConfigurationError: error.errorType
        case is FileBytes.Failure: "FileError"
        default: String(describing: type(of: error))
        }
    }
}

/// `[=========>          ] 512/1210  refused 3` on stderr, redrawn at most ten times a second —
/// only when stderr is a terminal (a log file gets the summary alone).
final class ProgressLine: Sendable {
    private let total: Int
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lastDrawn = Mutex(ContinuousClock.Instant?.none)

    init(total: Int) {
        self.total = total
    }

    func update(done: Int, refused: Int) {
        guard isTerminal else { return }
        let now = ContinuousClock.now
        let due = lastDrawn.withLock { last in
            guard done == total || last.map({ now - $0 >= .milliseconds(100) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" + String(repeating: " ", count: width - filled - 1) : "")
        FileBytes.printError("\r[\(bar)] \(done)/\(total)  refused \(refused)", newline: false)
    }

    func finish() {
        if isTerminal { FileBytes.printError("") }
    }
}
