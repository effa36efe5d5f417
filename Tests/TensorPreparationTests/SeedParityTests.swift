import Foundation
import Imaging
import TensorPreparation
import Testing

/// The whole default pipeline against the seed's own Pillow+NumPy code
/// (bench/seed_preprocess.py) on generated images, compared on the 0–255 scale before
/// normalisation, (tensor × std + mean) × 255: max ≤ 1.5 and mean ≤ 0.5 grey levels.
@Suite("Seed parity")
struct SeedParityTests {
    static let images = [
        "film-1200x1500.jpg", "photo-640x480.jpg", "rgb-333x517.png", "gray-640x200.png", "upscale-150x100.png", "square-1024.jpg",
    ]

    @Test(arguments: images)
    func defaultPipelineMatchesTheSeed(_ name: String) throws {
        let fixtures = try PreparationFixtures.load()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtures.path(name))))
        let prepared = try TensorPreparer().prepare(bytes)
        let seed = try NumPyArray(path: fixtures.path("\(name).seed.npy"))
        #expect(seed.shape == [1, 3, 224, 224])
        #expect(prepared.tensor.shape == seed.shape && prepared.tensor.elementType == .float32)
        let difference = Difference(
            greyLevels(prepared.tensor.floatValues(), height: 224, width: 224), greyLevels(seed.values, height: 224, width: 224))
        print("seed parity \(name): \(difference)")
        #expect(difference.maximum <= 1.5, "\(name): \(difference)")
        #expect(difference.mean <= 0.5, "\(name): \(difference)")
    }
}
