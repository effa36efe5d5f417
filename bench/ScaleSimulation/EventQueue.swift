/// A binary min-heap of timed events; ties keep insertion order, so a run is deterministic.
struct EventQueue<Event> {
    private var heap: [(time: Double, sequence: Int, event: Event)] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }

    mutating func schedule(_ event: Event, at time: Double) {
        sequence += 1
        heap.append((time, sequence, event))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func next() -> (time: Double, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && precedes(left, smallest) { smallest = left }
            if right < heap.count && precedes(right, smallest) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (first.time, first.event)
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool { (heap[a].time, heap[a].sequence) < (heap[b].time, heap[b].sequence) }
}

/// A token bucket with reservations: `take(at:)` returns how long the caller waits for its
/// token (0 when one is there). Step Functions throttles StartExecution and state transitions this way.
struct TokenBucket {
    let capacity: Double
    let refillPerSecond: Double
    private var tokens: Double
    private var last = 0.0

    init(capacity: Double, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        tokens = capacity
    }

    mutating func take(at time: Double) -> Double {
        tokens = min(capacity, tokens + (time - last) * refillPerSecond)
        last = time
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / refillPerSecond
    }
}

/// A first-in first-out queue with O(1) push and pop (an array and a moving head).
struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }
    var first: Element? { isEmpty ? nil : items[head] }

    mutating func push(_ item: Element) { items.append(item) }

    mutating func pop() -> Element? {
        guard !isEmpty else { return nil }
        defer {
            head += 1
            // Drop the consumed prefix once it dominates, so memory follows the queue's length.
            if head > 4096 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
        }
        return items[head]
    }
}
