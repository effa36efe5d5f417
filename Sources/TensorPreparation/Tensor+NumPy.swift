import Imaging

extension Tensor {
    /// The tensor as a NumPy `.npy` file, format version 1.0: magic, version, a header dict
    /// (`descr` `<f4` or `<f2`, `fortran_order` False, `shape`) padded with spaces to a
    /// 64-byte boundary and ended by a newline, then the little-endian elements.
    public func numPyFileBytes() -> [UInt8] {
        let descriptor = elementType == .float32 ? "<f4" : "<f2"
        let dimensions = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dictionary = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(dimensions), }"
        let prefixLength = 10  // magic (6) + version (2) + header length (2)
        let unpadded = prefixLength + dictionary.utf8.count + 1
        dictionary += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let headerLength = dictionary.utf8.count
        var file: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        file.reserveCapacity(prefixLength + headerLength + bytes.count)
        file += dictionary.utf8
        file += bytes
        return file
    }
}
