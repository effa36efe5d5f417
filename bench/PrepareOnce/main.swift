// The fresh-process counterpart of bench/seed_preprocess.py: one process that prepares one
// image with TensorPreparer exactly as PrepareTensors does and writes the tensor as .npy —
// nothing else in the process (no argument parser, no NIO, no emulator), statically linked
// like a shipped function. bench/imaging.sh times it next to the seed's fresh Python process.
// Usage: PrepareOnce IMAGE OUTPUT.npy [accurate|fast]
import Imaging
import TensorPreparation

#if canImport(Glibc)
    import Glibc
#endif

/// One line on standard error (stderr the C global is not concurrency-safe in Swift 6).
func complain(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    complain("usage: PrepareOnce IMAGE OUTPUT.npy [accurate|fast]")
    exit(2)
}

/// The whole file, read with plain POSIX calls into one buffer of its size (no growing copies:
/// in a process this short, every page touched is a page fault).
func contents(of path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_size >= 0 else { return nil }
    let size = Int(status.st_size)
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        while count < size {
            let got = read(descriptor, buffer.baseAddress! + count, size - count)
            if got < 0 && errno == EINTR { continue }
            if got <= 0 {
                failed = got < 0
                break
            }
            count += got
        }
    }
    return failed ? nil : bytes
}

guard let input = contents(of: arguments[1]) else {
    complain("cannot read \(arguments[1])")
    exit(1)
}
var configuration = PreprocessingConfiguration()
if arguments.count > 3 { configuration.decodeMode = arguments[3] == "fast" ? .fast : .accurate }
do {
    AllocatorTuning.keepFreedBuffersForReuse()  // as PrepareTensors does at initialisation
    let prepared = try TensorPreparer(configuration: configuration).prepare(input)
    let file = prepared.tensor.numPyFileBytes()
    guard let output = fopen(arguments[2], "wb"), fwrite(file, 1, file.count, output) == file.count, fclose(output) == 0 else {
        complain("cannot write \(arguments[2])")
        exit(1)
    }
} catch let error as PreparationError {
    complain("\(error.errorType): \(error)")
    exit(1)
} catch {
    complain("\(error)")
    exit(1)
}
