/// Whether libjpeg-turbo only guesses a 3-component JPEG's colour space (jdapimin.c): a JFIF
/// marker means YCbCr, an Adobe marker's transform flag decides, component ids 1, 2, 3 mean YCbCr
/// and 'R', 'G', 'B' mean RGB; any other ids make it *assume* YCbCr, where pydicom's decoders
/// keep the samples as they are. Such a DICOM RGB frame would decode to different colours.
enum JPEGColourTransform {
    /// Whether libjpeg would convert this stream from YCbCr on a guess (unrecognised component ids).
    static func libjpegGuessesYCbCr(_ frame: ArraySlice<UInt8>) -> Bool {
        let bytes = frame
        var index = bytes.startIndex + 2
        var componentIDs: [UInt8] = []
        while index + 4 <= bytes.endIndex, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) || marker == 0xFF {
                index += marker == 0xFF ? 1 : 2
                continue
            }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let payload = bytes[(index + 4)..<min(index + 2 + length, bytes.endIndex)]
            switch marker {
            case 0xE0 where payload.starts(with: Array("JFIF".utf8)):
                return false
            case 0xEE where payload.starts(with: Array("Adobe".utf8)) && payload.count >= 12:
                // libjpeg ignores an Adobe marker shorter than its 12 bytes.
                return false
            case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                if payload.count >= 6 {
                    let count = Int(payload[payload.startIndex + 5])
                    componentIDs = (0..<count).compactMap { component in
                        let position = payload.startIndex + 6 + 3 * component
                        return position < payload.endIndex ? payload[position] : nil
                    }
                }
            case 0xDA:
                return componentIDs != Array("RGB".utf8) && componentIDs != [1, 2, 3]
            default:
                break
            }
            index += 2 + max(length, 2)
        }
        return componentIDs != Array("RGB".utf8) && componentIDs != [1, 2, 3]
    }
}
