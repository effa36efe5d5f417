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
        let count = plane * channels
        let dataType = configuration.dataType
        let elementSize = dataType == .float32 ? 4 : 2
        // Written straight into the tensor's bytes, one row of one channel at a time: the row's
        // elements are computed into `row` by loops without a branch per element (each condition
        // below is the same for the whole image), then stored.
        var row = [Float](repeating: 0, count: max(image.width, width))
        let bytes = [UInt8](unsafeUninitializedCapacity: count * elementSize) { buffer, initialized in
            let output = UnsafeMutableRawBufferPointer(buffer)
            /// Stores `elements` as elements `first`, `first + stride`, … of the tensor. The callers
            /// pass runs of one row of the layout, so every element index is below `count`.
            func store(_ elements: UnsafeBufferPointer<Float>, first: Int, stride: Int) {
                let start = output.baseAddress! + first * elementSize
                let step = stride * elementSize
                switch dataType {
                case .float32:
                    for index in elements.indices {
                        (start + index &* step).storeBytes(of: elements[index].bitPattern.littleEndian, as: UInt32.self)
                    }
                case .float16:
                    for index in elements.indices {
                        (start + index &* step).storeBytes(of: Float16(elements[index]).bitPattern.littleEndian, as: UInt16.self)
                    }
                }
            }
            row.withUnsafeMutableBufferPointer { row in
                if image.width != width || image.height != configuration.height {
                    // Letterbox: everything not covered by the image is the pad intensity.
                    for channel in 0..<channels {
                        let padded = configuration.padValue * multiplier[channel] + offset[channel]
                        let line = UnsafeMutableBufferPointer(rebasing: row[0..<width])
                        line.update(repeating: padded)
                        for y in 0..<configuration.height {
                            store(
                                UnsafeBufferPointer(line), first: nchw ? channel * plane + y * width : y * width * channels + channel,
                                stride: nchw ? 1 : channels)
                        }
                    }
                }
                // Otherwise the image covers every element: all `count` are written below.
                let line = UnsafeMutableBufferPointer(rebasing: row[0..<image.width])
                image.values.withUnsafeBufferPointer { values in
                    let sourceChannels = image.channels
                    for channel in 0..<channels {
                        let channelMultiplier = multiplier[channel]
                        let channelOffset = offset[channel]
                        for y in 0..<image.height {
                            let source = UnsafeBufferPointer(rebasing: values[(y * image.width * sourceChannels)...])
                            if sourceChannels == channels {
                                for x in line.indices { line[x] = source[x * sourceChannels + channel] }
                            } else if sourceChannels == 1 {
                                for x in line.indices { line[x] = source[x] }
                            } else {
                                // ITU-R 601-2 luma, the weights of Pillow's convert("L").
                                for x in line.indices {
                                    line[x] = 0.299 * source[3 * x] + 0.587 * source[3 * x + 1] + 0.114 * source[3 * x + 2]
                                }
                            }
                            for x in line.indices { line[x] = mapping.intensity(of: line[x]) * channelMultiplier + channelOffset }
                            let pixel = (y + plan.offsetY) * width + plan.offsetX
                            store(
                                UnsafeBufferPointer(line), first: nchw ? channel * plane + pixel : pixel * channels + channel,
                                stride: nchw ? 1 : channels)
                        }
                    }
                }
            }
            initialized = count * elementSize
        }
        return Tensor(shape: configuration.shape, elementType: dataType.elementType, bytes: bytes)
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
