import CAllocator

/// How a process that prepares tensors asks glibc's allocator to keep the image-sized buffers it
/// frees for the next preparation instead of handing them back to the kernel.
///
/// By default glibc serves blocks of more than 128 KiB (raised dynamically up to 32 MiB) with
/// `mmap` and trims the heap's top beyond 128 KiB, so every preparation of a warm function
/// faults its frame-sized buffers in again: on the 512² CT that was half of the warm time
/// (bench/RESULTS.md, "DICOM end to end"). With blocks up to 32 MiB (the most `mallopt` accepts on
/// 64-bit glibc) served from the heap and the heap trimmed only past 64 MiB free, the next
/// invocation reuses the same pages (a 2000 × 2500 frame's 20 MB buffers included). Larger
/// blocks (an 8000² image's working set) still come from `mmap` and go back when freed, so the
/// peak a function reaches is unchanged; what stays resident between invocations is at most the
/// trim threshold. Call once at start-up, before the first preparation.
public enum AllocatorTuning {
    /// Blocks up to this size come from the heap.
    public static let heapBlockLimit: Int32 = 32 << 20
    /// Free memory at the heap's top is returned to the kernel beyond this.
    public static let trimThreshold: Int32 = 64 << 20

    /// Applies the settings; `false` where the C library is not glibc or refused them.
    @discardableResult
    public static func keepFreedBuffersForReuse() -> Bool {
        rs_allocator_keep_freed_buffers(heapBlockLimit, trimThreshold) == 1
    }
}
