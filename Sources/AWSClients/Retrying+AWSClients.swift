import Retrying

/// The retry rule and deadline every AWS call uses (shared with the inference client).
public typealias RetryPolicy = Retrying.RetryPolicy
/// A point in time after which no request may be sent and no retry may wait.
public typealias Deadline = Retrying.Deadline

/// An AWS client error the ``RetryPolicy`` can classify and that can report an exhausted deadline.
public protocol RetryableError: AWSClientError, RetryableFailure {}
