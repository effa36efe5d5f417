#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Turns a model's scores into ranked labels: optional softmax, then the top k.
public struct Classification: Sendable, Equatable {
    /// One ranked class.
    public struct Prediction: Sendable, Equatable {
        /// The class index in the output row.
        public var index: Int
        /// The label for `index`, or `"class_<index>"` when no label was given.
        public var label: String
        /// The probability (after softmax) or the raw score.
        public var score: Double

        /// Creates a prediction.
        public init(index: Int, label: String, score: Double) {
            self.index = index
            self.label = label
            self.score = score
        }
    }

    /// Labels by class index; may be shorter than the row (missing ones are named by index).
    public var labels: [String]
    /// Whether scores are logits to pass through softmax first.
    public var appliesSoftmax: Bool
    /// How many predictions to keep per row.
    public var topK: Int

    /// Creates a classifier.
    public init(labels: [String] = [], appliesSoftmax: Bool = true, topK: Int = 5) {
        self.labels = labels
        self.appliesSoftmax = appliesSoftmax
        self.topK = max(0, topK)
    }

    /// The numerically stable softmax (the maximum is subtracted before `exp`).
    public static func softmax(_ scores: [Double]) -> [Double] {
        guard let maximum = scores.max() else { return [] }
        let exponentials = scores.map { exp($0 - maximum) }
        let sum = exponentials.reduce(0, +)
        return exponentials.map { $0 / sum }
    }

    /// The top k predictions of one row, highest score first; ties keep the lower index first.
    public func predictions(forScores scores: [Double]) -> [Prediction] {
        let values = appliesSoftmax ? Self.softmax(scores) : scores
        let ranked = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        return ranked.prefix(topK).map { index in
            Prediction(index: index, label: index < labels.count ? labels[index] : "class_\(index)", score: values[index])
        }
    }

    /// The top k predictions of every row of a `[batch, classes]` output (any numeric datatype).
    ///
    /// - Throws: ``InferenceError/invalidResponse(_:)`` with `invalidShape` unless the output is
    ///   a numeric `[rows, classes]` matrix with at least one class whose values fill the shape
    ///   exactly (the tensor may have been built by hand, not by the validating parser), and
    ///   with `nonFiniteOutput` when a score is NaN or infinite.
    public func predictions(for output: InferenceTensor) throws(InferenceError) -> [[Prediction]] {
        guard output.shape.count == 2, let values = output.doubleValues(), output.datatype != .bytes,
            output.shape[1] > 0, output.elementCount == values.count
        else {
            throw .invalidResponse(.invalidShape(output: output.name, shape: output.shape))
        }
        // An inf logit makes softmax all-NaN and NaN breaks the ranking: a model that produced
        // one has failed, and its answer is refused rather than passed on.
        guard values.allSatisfy(\.isFinite) else { throw .invalidResponse(.nonFiniteOutput(output.name)) }
        let columns = output.shape[1]
        return stride(from: 0, to: values.count, by: columns).map { start in
            predictions(forScores: Array(values[start..<(start + columns)]))
        }
    }
}
