import Imaging

/// The last step in one pass over the resized pixels: channel conversion, intensity mapping,
/// `(intensity × scale − mean) / std`, letterbox placement and padding, then element encoding.
struct NormalisingEncoder {
    let configuration: PreprocessingConfiguration
    let plan: GeometryPlan

    func encode(_ image: ResampledImage) -> Tensor {
        let channels = configuration.channels
        let width = configuration.width
        let plane = width * configuration.height
        let mean = configuration.resolvedMean
        let standardDeviation = configuration.resolvedStandardDeviation
        // output = intensity × multiplier[c] + offset[c] == (intensity × scale − mean[c]) / std[c]
        let multiplier = (0..<channels).map { configuration.scale / standardDeviation[$0] }
        let offset = (0..<channels).map { -mean[$0] / standardDeviation[$0] }
        let mapping = IntensityMapping(configuration.intensity, image: image)
        let nchw = configuration.layout == .nchw
        var elements = [Float](repeating: 0, count: plane * channels)
        elements.withUnsafeMutableBufferPointer { output in
            if image.width != width || image.height != configuration.height {
                // Letterbox: everything not covered by the image is the pad intensity.
                for channel in 0..<channels {
                    let padded = configuration.padValue * multiplier[channel] + offset[channel]
                    for pixel in 0..<plane { output[nchw ? channel * plane + pixel : pixel * channels + channel] = padded }
                }
            }
            image.values.withUnsafeBufferPointer { values in
                let sourceChannels = image.channels
                for y in 0..<image.height {
                    for x in 0..<image.width {
                        let source = (y * image.width + x) * sourceChannels
                        let pixel = (y + plan.offsetY) * width + x + plan.offsetX
                        for channel in 0..<channels {
                            let sample: Float
                            if sourceChannels == channels {
                                sample = values[source + channel]
                            } else if sourceChannels == 1 {
                                sample = values[source]
                            } else {
                                // ITU-R 601-2 luma, the weights of Pillow's convert("L").
                                sample = 0.299 * values[source] + 0.587 * values[source + 1] + 0.114 * values[source + 2]
                            }
                            let value = mapping.intensity(of: sample) * multiplier[channel] + offset[channel]
                            output[nchw ? channel * plane + pixel : pixel * channels + channel] = value
                        }
                    }
                }
            }
        }
        return Tensor(
            shape: configuration.shape, elementType: configuration.dataType.elementType,
            bytes: Self.littleEndianBytes(elements, as: configuration.dataType))
    }

    private static func littleEndianBytes(_ elements: [Float], as type: PreprocessingConfiguration.DataType) -> [UInt8] {
        let size = type == .float32 ? 4 : 2
        return [UInt8](unsafeUninitializedCapacity: elements.count * size) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, element) in elements.enumerated() {
                switch type {
                case .float32: raw.storeBytes(of: element.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
                case .float16: raw.storeBytes(of: Float16(element).bitPattern.littleEndian, toByteOffset: index * 2, as: UInt16.self)
                }
            }
            initialized = elements.count * size
        }
    }
}

/// `intensity = clamp(sample × gain + bias)` on the 0…1 scale.
struct IntensityMapping {
    let gain: Float
    let bias: Float
    let clamps: Bool

    init(_ intensity: PreprocessingConfiguration.Intensity, image: ResampledImage) {
        switch intensity {
        case .fullRange:
            // The resizer already clamps to 0…maximumSampleValue.
            (gain, bias, clamps) = (1 / image.maximumSampleValue, 0, false)
        case .window(let center, let width):
            let lower = center - width / 2
            (gain, bias, clamps) = (1 / width, -lower / width, true)
        case .minMax:
            let lowest = image.values.min() ?? 0
            let highest = image.values.max() ?? 0
            if highest > lowest {
                (gain, bias, clamps) = (1 / (highest - lowest), -lowest / (highest - lowest), true)
            } else {
                (gain, bias, clamps) = (0, 0, false)
            }
        }
    }

    @inline(__always)
    func intensity(of sample: Float) -> Float {
        let value = sample * gain + bias
        return clamps ? min(max(value, 0), 1) : value
    }
}
