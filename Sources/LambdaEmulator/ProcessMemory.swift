#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A process's memory as the kernel reports it in `/proc/<pid>/status`: what REPORT's
/// Max Memory Used is made of, and what soak checks watch.
public enum ProcessMemory {
    /// Current resident memory (`VmRSS`) in bytes; `nil` once the process is gone.
    public static func residentBytes(of pid: Int32) -> Int? {
        field("VmRSS:", of: pid)
    }

    /// Peak resident memory (`VmHWM`) in bytes; `nil` once the process is gone.
    public static func peakResidentBytes(of pid: Int32) -> Int? {
        field("VmHWM:", of: pid)
    }

    /// A `kB` line of the status file, in bytes.
    private static func field(_ name: String, of pid: Int32) -> Int? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/status") else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name) {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }
}
