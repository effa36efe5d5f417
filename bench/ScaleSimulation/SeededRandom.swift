import Foundation

/// SplitMix64: a small, fast generator whose whole state is one seed, so a run is reproducible
/// from its `--seed` (Swift's SystemRandomNumberGenerator cannot be seeded).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: never 0, so logarithms stay finite.
    mutating func unit() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }

    /// Exponential with the given mean (Poisson inter-arrival times).
    mutating func exponential(mean: Double) -> Double { -mean * log(unit()) }

    /// Log-normal with the given median and shape σ (service times: a floor-less right tail).
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        // Box–Muller: one standard normal from two uniforms.
        let normal = (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit())
        return median * exp(sigma * normal)
    }
}
