import Foundation

/// Wall-clock and peak-memory measurements shared by the benchmarks.
enum Measure {
    /// Seconds taken by `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// CPU seconds used so far by this process, or by the calling thread alone: on a shared machine wall time
    /// also counts other processes' turns, CPU time does not.
    static func cpuSeconds(thread: Bool = false) -> Double {
        var time = timespec()
        clock_gettime(thread ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Wall seconds and CPU seconds of this process taken by `body` (CPU time is steadier on a busy machine).
    static func wallAndCPUSeconds(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        let cpuStart = cpuSeconds()
        let wall = try seconds(body)
        return (wall, cpuSeconds() - cpuStart)
    }

    /// Runs a command, returning its wall time and peak resident memory in bytes (GNU time's `%M`).
    static func command(_ arguments: [String], stdout: String = "/dev/null") throws -> (seconds: Double, peakBytes: Int) {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-\(UUID()).time").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", "-o", report] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle.nullDevice
        let start = DispatchTime.now().uptimeNanoseconds
        try process.run()
        process.waitUntilExit()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let kilobytes = Int((try? String(contentsOfFile: report, encoding: .utf8))?
            .split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        return (elapsed, kilobytes * 1024)
    }

    /// Runs a command, returning its wall time, CPU time (user + system) and peak resident memory (GNU time).
    static func commandWithCPU(_ arguments: [String]) throws -> (seconds: Double, cpuSeconds: Double, peakBytes: Int) {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-\(UUID()).time").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%U %S %M", "-o", report] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let elapsed = try seconds {
            try process.run()
            process.waitUntilExit()
        }
        let fields = ((try? String(contentsOfFile: report, encoding: .utf8))?
            .split(separator: "\n").last ?? "").split(separator: " ").compactMap { Double($0) }
        guard fields.count == 3 else { return (elapsed, 0, 0) }
        return (elapsed, fields[0] + fields[1], Int(fields[2]) * 1024)
    }

    /// Peak resident memory of this process so far, in bytes (Linux `VmHWM`).
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))
        return sorted[index]
    }
}
