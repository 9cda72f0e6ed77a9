#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Foundation
import QantaraReview
import QantaraText
import Testing

/// The `qantara` executable built beside the test runner (or `$QANTARA_BINARY`).
func qantaraBinary() -> String {
    if let path = ProcessInfo.processInfo.environment["QANTARA_BINARY"] { return path }
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("qantara").path
}

/// A `qantara review start` process and the address it printed.
final class ServerProcess {
    let process = Process()
    let base: String
    let token: String

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: qantaraBinary())
        process.arguments = ["review", "start"] + arguments + ["--no-open"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let url = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard let range = url.range(of: "/?token=") else {
            process.terminate()
            throw ReviewError(.badInput, file: "qantara", message: "no URL on the first line: \(url)")
        }
        base = String(url[..<range.lowerBound])
        token = String(url[range.upperBound...])
    }

    var client: HTTPTestClient { HTTPTestClient(base: base, token: token) }

    func request(_ path: String, body: Data? = nil) async throws -> (Int, Data) {
        let (status, _, data) = try await client.send(path, body: body)
        return (status, data)
    }

    /// Every pair in order, as the server has them now.
    func allPairs() async throws -> (Int64, [ReviewPair]) {
        let index = try JSONDecoder().decode(ReviewIndex.self, from: try await request("/api/index").1)
        struct Pairs: Decodable { var pairs: [ReviewPair] }
        var pairs: [ReviewPair] = []
        for chunk in stride(from: 0, to: index.ids.count, by: 200) {
            let ids = index.ids[chunk..<min(chunk + 200, index.ids.count)].map(String.init).joined(separator: ",")
            pairs += try JSONDecoder().decode(Pairs.self, from: try await request("/api/pairs?ids=\(ids)").1).pairs
        }
        return (index.revision, pairs)
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Writes a TMX of `count` Arabic–English units (every fifth with two sentences a side, a few one-sided).
func writeSyntheticTMX(count: Int, to path: String) throws {
    var units = ""
    for i in 1...count {
        let arabic = i % 5 == 0 ? "الجملة رقم \(i) عن المحادثات. وهذه جملة ثانية \(i)." : "الجملة رقم \(i) عن المحادثات في إسطنبول."
        let english = i % 5 == 0 ? "Sentence \(i) about the talks. And a second sentence \(i)." : "Sentence \(i) about the talks in Istanbul."
        let confidence = String(format: "%.2f", Double((i * 37) % 100) / 100)
        let source = i % 23 == 0 ? "" : "<tuv xml:lang=\"ar\"><seg>\(arabic)</seg></tuv>"
        let target = i % 29 == 0 ? "" : "<tuv xml:lang=\"en\"><seg>\(english)</seg></tuv>"
        units += "<tu tuid=\"\(i)\"><prop type=\"x-qantara-confidence\">\(confidence)</prop>\(source)\(target)</tu>\n"
    }
    let tmx = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" \
        adminlang="en" srclang="ar" datatype="plaintext"/>
        <body>
        \(units)</body></tmx>
        """
    try tmx.write(toFile: path, atomically: true, encoding: .utf8)
}

@Suite(.serialized) struct ReviewCrashTests {
    /// 1,000 seeded operations through the API; the server is SIGKILLed right after every N-th acknowledged one
    /// (N seeded too) and restarted on the session file. The pairs the server has after each restart must be
    /// exactly those the acknowledged responses describe: nothing lost, doubled or half-applied.
    @Test func killingTheServerLosesNoAcknowledgedOperation() async throws {
        guard FileManager.default.isExecutableFile(atPath: qantaraBinary()) else {
            Issue.record("qantara is not built at \(qantaraBinary()) (run swift build first or set QANTARA_BINARY)")
            return
        }
        let seed = UInt64(ProcessInfo.processInfo.environment["QANTARA_CRASH_SEED"] ?? "") ?? 20_261_129
        var random = SplitMix64(seed: seed)
        let killEvery = Int.random(in: 17...61, using: &random)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-crash-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = folder + "/crash.tmx"
        let session = folder + "/crash.qreview"
        try writeSyntheticTMX(count: 200, to: input)

        var server = try ServerProcess(arguments: [input, "--session", session])
        #expect(server.base.hasPrefix("http://127.0.0.1:"))
        let (startRevision, initial) = try await server.allPairs()
        var revision = startRevision
        var mirror = Dictionary(uniqueKeysWithValues: initial.map { ($0.id, $0) })
        var acknowledged = 0
        var refused = 0
        var restarts = 0
        let kinds: [ReviewOperation.Kind] = [
            .approve, .approve, .reject, .unreview, .comment, .edit, .edit, .merge, .split, .split, .moveUp, .moveDown,
            .unaligned, .undo, .undo, .redo,
        ]
        for step in 0..<1000 {
            let ordered = mirror.values.sorted { $0.position < $1.position }
            let pair = ordered[Int.random(in: 0..<ordered.count, using: &random)]
            let side: ReviewSide = Bool.random(using: &random) ? .source : .target
            var operation = ReviewOperation(kinds[Int.random(in: 0..<kinds.count, using: &random)], id: pair.id)
            switch operation.op {
            case .comment: operation.text = "comment \(step)"
            case .edit:
                operation.side = side
                operation.text = side == .source ? "نص معدل \(step). وجملة أخرى." : "Edited text \(step). Another sentence."
            case .split:
                operation.side = side
                operation.offset = Int.random(in: 1...max(1, pair[side].unicodeScalars.count), using: &random)
            case .moveUp, .moveDown: operation.side = side
            case .undo, .redo: operation.id = nil
            default: break
            }
            var body = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(operation)) as! [String: Any]
            body["revision"] = revision
            let (status, data) = try await server.request("/api/ops", body: try JSONSerialization.data(withJSONObject: body))
            if status == 422 {
                refused += 1
                continue
            }
            try #require(status == 200, "step \(step): HTTP \(status) \(String(decoding: data, as: UTF8.self))")
            let change = try JSONDecoder().decode(ReviewChange.self, from: data)
            for id in change.removed { mirror[id] = nil }
            for changed in change.pairs { mirror[changed.id] = changed }
            revision = change.revision
            acknowledged += 1
            if acknowledged % killEvery == 0 {
                server.kill()
                server = try ServerProcess(arguments: [session])
                restarts += 1
                let (recovered, pairs) = try await server.allPairs()
                try #require(recovered == revision, "after restart \(restarts): revision \(recovered), acknowledged \(revision)")
                try #require(pairs == mirror.values.sorted { $0.position < $1.position }, "after restart \(restarts)")
            }
        }
        let (finalRevision, pairs) = try await server.allPairs()
        server.kill()
        #expect(finalRevision == Int64(acknowledged))
        #expect(pairs == mirror.values.sorted { $0.position < $1.position })
        #expect(Set(pairs.map(\.position)).count == pairs.count)
        #expect(pairs.allSatisfy { !($0.source.isEmpty && $0.target.isEmpty) })
        #expect(restarts >= 10 && acknowledged > 600)
        print("crash test: seed \(seed), kill every \(killEvery) acknowledged operations: \(acknowledged) acknowledged, \(refused) refused as not applicable, \(restarts) SIGKILLs, \(pairs.count) pairs at the end")
    }
}
