import Synchronization

/// The AWS service a proxied request is for, recognised from the request itself.
public enum FaultService: String, Sendable, Hashable {
    /// S3's REST API (no `X-Amz-Target` header).
    case s3 = "S3"
    /// Kinesis: `X-Amz-Target: Kinesis_20131202.<Operation>`.
    case kinesis = "Kinesis"
    /// Anything else (another JSON-protocol service, moto's own `/moto-api`).
    case other = "Other"
}

/// One request as the fault proxy classifies it.
public struct ProxiedRequest: Sendable, Hashable, CustomStringConvertible {
    /// The service.
    public var service: FaultService
    /// The API operation: `GetObject`, `PutObject`, `HeadObject`, `ListObjectsV2`, … for S3
    /// (from the method, the path and the query); the action of `X-Amz-Target` (`PutRecords`)
    /// for Kinesis and other JSON services.
    public var operation: String
    /// The HTTP method (`PUT`).
    public var method: String
    /// The path without the query (`/bucket/key`).
    public var path: String
    /// Kinesis `PutRecords`: how many records the request carried; `nil` for other requests.
    public var recordCount: Int?

    /// Classifies a request from its method, its path and query, and its `X-Amz-Target`.
    public init(method: String, uri: String, amzTarget: String?, recordCount: Int? = nil) {
        self.method = method
        self.recordCount = recordCount
        let query = uri.firstIndex(of: "?").map { String(uri[uri.index(after: $0)...]) } ?? ""
        path = uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri
        if let amzTarget {
            let parts = amzTarget.split(separator: ".", maxSplits: 1)
            service = parts.first?.hasPrefix("Kinesis_") == true ? .kinesis : .other
            operation = parts.count == 2 ? String(parts[1]) : amzTarget
            return
        }
        guard !path.hasPrefix("/moto-api") else {
            service = .other
            operation = "moto-api"
            return
        }
        service = .s3
        let segments = path.split(separator: "/", maxSplits: 1)
        let queryNames = Set(query.split(separator: "&").map { String($0.split(separator: "=").first ?? "") })
        switch (segments.count, method) {
        case (0, _): operation = "ListBuckets"
        case (1, "GET"): operation = queryNames.contains("list-type") ? "ListObjectsV2" : "ListObjects"
        case (1, "PUT"): operation = queryNames.isEmpty ? "CreateBucket" : "PutBucket" + (queryNames.sorted().first ?? "")
        case (1, "HEAD"): operation = "HeadBucket"
        case (1, "DELETE"): operation = "DeleteBucket"
        case (_, "GET"): operation = "GetObject"
        case (_, "PUT"): operation = "PutObject"
        case (_, "HEAD"): operation = "HeadObject"
        case (_, "DELETE"): operation = "DeleteObject"
        default: operation = "\(method)Object"
        }
    }

    /// `S3 PutObject PUT /bucket/key`.
    public var description: String { "\(service.rawValue) \(operation) \(method) \(path)" }
}

/// What the proxy does instead of (or on top of) forwarding one request.
public enum Fault: Sendable, Equatable {
    /// HTTP 500: S3 `InternalError` (XML), Kinesis `InternalFailure` (JSON).
    case internalError
    /// Throttling: S3 answers HTTP 503 `SlowDown` (XML); Kinesis HTTP 400
    /// `ProvisionedThroughputExceededException` (JSON).
    case throttled
    /// HTTP 503 `ServiceUnavailable` (XML for S3, JSON for Kinesis).
    case serviceUnavailable
    /// A permanent refusal: S3 HTTP 403 `AccessDenied` (XML), Kinesis HTTP 400
    /// `AccessDeniedException` (JSON).
    case accessDenied
    /// Closes the connection without answering; moto never sees the request.
    case dropConnection
    /// Forwards the request (moto acts on it), then closes the connection without answering:
    /// the response is lost, the effect is not.
    case dropResponse
    /// Waits this long, then forwards: longer than the client's timeout, the client has given
    /// up by the time moto acts (a write arriving late).
    case delay(Duration)
    /// Forwards the request, sends the status line, the headers (with the full
    /// `Content-Length`) and the first half of moto's body, then sends nothing for this long
    /// before closing the connection: a peer that stops answering mid-body (`.zero`: a transfer
    /// cut mid-body).
    case stallMidBody(Duration)
    /// Kinesis `PutRecords` only: forwards the records at odd positions and reports those at
    /// even positions (0, 2, …) as `ProvisionedThroughputExceededException`, as a hot shard
    /// does (a partial failure: HTTP 200 with `FailedRecordCount`).
    case throttleRecords
    /// Forwards the request, then answers like a distant S3: the status line and headers after
    /// `firstByteLatency` (counted from the request's arrival, moto's own time included), then
    /// the body paced to `bytesPerSecond` (in 64 KiB writes, each sent when the rate allows),
    /// as one connection's bandwidth limits it. Records what it sent (``FaultPlan/shapedBodies``).
    case shaped(firstByteLatency: Duration, bytesPerSecond: Int)

    /// The status, content type and body of an error answer; `nil` for faults that are not one.
    func errorAnswer(for service: FaultService) -> (status: Int, contentType: String, body: String)? {
        let (status, code, message): (Int, String, String)
        switch self {
        case .internalError:
            (status, code, message) = (500, service == .s3 ? "InternalError" : "InternalFailure", "Injected internal error")
        case .throttled:
            guard service == .s3 else {
                return (
                    400, "application/x-amz-json-1.1",
                    #"{"__type":"ProvisionedThroughputExceededException","message":"Rate exceeded for shard shardId-000000000000 (injected)"}"#
                )
            }
            (status, code, message) = (503, "SlowDown", "Please reduce your request rate.")
        case .serviceUnavailable:
            (status, code, message) = (503, "ServiceUnavailable", "Service is unable to handle request (injected)")
        case .accessDenied:
            (status, code, message) = (
                service == .s3 ? 403 : 400, service == .s3 ? "AccessDenied" : "AccessDeniedException", "Access Denied"
            )
        case .dropConnection, .dropResponse, .delay, .stallMidBody, .throttleRecords, .shaped:
            return nil
        }
        if service == .s3 {
            return (status, "application/xml", "<Error><Code>\(code)</Code><Message>\(message)</Message></Error>")
        }
        return (status, "application/x-amz-json-1.1", #"{"__type":"\#(code)","message":"\#(message)"}"#)
    }
}

/// When a ``FaultRule`` injects its fault, among the requests it matches.
public enum FaultSchedule: Sendable, Equatable {
    /// The first `n` requests of each (method, path, operation) fail; later ones pass. A retried
    /// call fails `n` times, then succeeds.
    case firstRequests(Int)
    /// The `k`-th, `2k`-th, … matching request fails (counted per rule).
    case everyNth(Int)
    /// Every matching request fails for this long, from the first matching request on.
    case window(Duration)
    /// Only the `n`-th matching request (from 1) fails, counted per rule: one rule per position
    /// makes a sequence of different faults.
    case requestNumber(Int)
    /// The `n`-th matching request (from 1) and every later one fail, counted per rule.
    case fromRequestNumber(Int)
    /// Every matching request fails.
    case always
}

/// One line of a ``FaultPlan``: which requests, which fault, when.
public struct FaultRule: Sendable {
    /// The fault to inject.
    public var fault: Fault
    /// When to inject it among the matching requests.
    public var schedule: FaultSchedule
    /// Only requests for this service (`nil`: any).
    public var service: FaultService?
    /// Only these operations (`nil`: any).
    public var operations: Set<String>?
    /// Only paths containing this text, e.g. a bucket name (`nil`: any).
    public var pathContains: String?

    /// Creates a rule; without filters it matches every request.
    public init(
        _ fault: Fault, _ schedule: FaultSchedule, service: FaultService? = nil, operations: Set<String>? = nil,
        pathContains: String? = nil
    ) {
        self.fault = fault
        self.schedule = schedule
        self.service = service
        self.operations = operations
        self.pathContains = pathContains
    }

    func matches(_ request: ProxiedRequest) -> Bool {
        if let service, service != request.service { return false }
        if let operations, !operations.contains(request.operation) { return false }
        if let pathContains, !request.path.contains(pathContains) { return false }
        if fault == .throttleRecords, request.operation != "PutRecords" { return false }
        return true
    }
}

/// A deterministic fault plan for ``FaultProxy``, and the record of what it did.
///
/// Rules are checked in order for each request; every matching rule counts the request, and the
/// first whose schedule fires decides the fault (no rule fires: the request is forwarded
/// unchanged). Thread-safe; the rules can be replaced while the proxy runs (counters restart).
public final class FaultPlan: Sendable {
    /// One proxied request and the fault injected into it (`nil`: forwarded unchanged).
    public struct Entry: Sendable {
        /// The request.
        public var request: ProxiedRequest
        /// The injected fault, if any.
        public var fault: Fault?
        /// When the proxy received it.
        public var receivedAt: ContinuousClock.Instant
    }

    /// What one ``Fault/shaped(firstByteLatency:bytesPerSecond:)`` answer sent.
    public struct ShapedBody: Sendable, Equatable {
        /// The body's bytes written before it ended (all of them, or fewer when the client closed
        /// the connection first).
        public var sent: Int
        /// The body's length.
        public var total: Int
    }

    private struct State {
        var shapedBodies: [ShapedBody] = []
        var rules: [FaultRule]
        var matched: [Int] = []
        var matchedPerKey: [[String: Int]] = []
        var windowStart: [ContinuousClock.Instant?] = []
        var entries: [Entry] = []

        init(rules: [FaultRule]) {
            self.rules = rules
            matched = Array(repeating: 0, count: rules.count)
            matchedPerKey = Array(repeating: [:], count: rules.count)
            windowStart = Array(repeating: nil, count: rules.count)
        }
    }

    private let state: Mutex<State>

    /// A plan with these rules (none: a plain forwarding proxy that counts requests).
    public init(_ rules: [FaultRule] = []) {
        state = Mutex(State(rules: rules))
    }

    /// A plan that injects `faults` into the first requests, one each in order, then forwards
    /// (with `repeatingLast`, the last fault applies to every later request).
    public convenience init(sequence faults: [Fault], repeatingLast: Bool = false) {
        self.init(
            faults.enumerated().map { position, fault in
                let isLast = position == faults.count - 1
                return FaultRule(fault, repeatingLast && isLast ? .fromRequestNumber(position + 1) : .requestNumber(position + 1))
            })
    }

    /// Replaces the rules and restarts their counters and windows; the log is kept.
    public func replaceRules(_ rules: [FaultRule]) {
        state.withLock { current in
            let entries = current.entries
            let shapedBodies = current.shapedBodies
            current = State(rules: rules)
            current.entries = entries
            current.shapedBodies = shapedBodies
        }
    }

    /// Records `request` and returns the fault to inject into it, if any.
    public func fault(for request: ProxiedRequest, now: ContinuousClock.Instant = .now) -> Fault? {
        state.withLock { state in
            var chosen: Fault?
            let key = "\(request.method) \(request.path) \(request.operation)"
            for (index, rule) in state.rules.enumerated() where rule.matches(request) {
                state.matched[index] += 1
                state.matchedPerKey[index][key, default: 0] += 1
                let fires: Bool
                switch rule.schedule {
                case .firstRequests(let count): fires = state.matchedPerKey[index][key, default: 0] <= count
                case .everyNth(let k): fires = k > 0 && state.matched[index] % k == 0
                case .requestNumber(let n): fires = state.matched[index] == n
                case .fromRequestNumber(let n): fires = state.matched[index] >= n
                case .always: fires = true
                case .window(let length):
                    let start = state.windowStart[index] ?? now
                    state.windowStart[index] = start
                    fires = now - start < length
                }
                if fires && chosen == nil { chosen = rule.fault }
            }
            state.entries.append(Entry(request: request, fault: chosen, receivedAt: now))
            return chosen
        }
    }

    /// Every request so far, in arrival order.
    public var entries: [Entry] { state.withLock { $0.entries } }

    /// Every shaped answer's body so far, in the order they ended.
    public var shapedBodies: [ShapedBody] { state.withLock { $0.shapedBodies } }

    /// Records how much of a shaped answer's body was sent.
    func recordShapedBody(sent: Int, total: Int) {
        state.withLock { $0.shapedBodies.append(ShapedBody(sent: sent, total: total)) }
    }

    /// How many requests arrived for `service` (and `operation`, when given).
    public func requestCount(_ service: FaultService, operation: String? = nil) -> Int {
        entries.filter { $0.request.service == service && (operation == nil || $0.request.operation == operation) }.count
    }

    /// How many faults were injected into requests for `service` (and `operation`).
    public func faultCount(_ service: FaultService, operation: String? = nil) -> Int {
        entries.filter { $0.fault != nil && $0.request.service == service && (operation == nil || $0.request.operation == operation) }
            .count
    }

    /// A per-operation summary, `S3 PutObject: 5 requests, 2 faults`, for failure messages and logs.
    public var summary: String {
        var counts: [String: (requests: Int, faults: Int)] = [:]
        for entry in entries {
            let name = "\(entry.request.service.rawValue) \(entry.request.operation)"
            counts[name, default: (0, 0)].requests += 1
            if entry.fault != nil { counts[name, default: (0, 0)].faults += 1 }
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.requests) requests, \($0.value.faults) faults" }
            .joined(separator: "; ")
    }
}
