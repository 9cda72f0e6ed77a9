import ArgumentParser
import Foundation
import Qantara

/// `qantara-bench review`: a large review session served over loopback — import time, time to the first
/// screen (every request the page makes before it shows rows) and operation round trips.
struct ReviewBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review server: first screen and operation round trip on a large session.")

    @Option(help: "Pairs in the session.")
    var pairs = 20_000

    @Option(help: "Operations to time.")
    var operations = 1_000

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("bench.tmx").path
        try Self.writeTMX(pairs: pairs, to: input)

        // The glossary `qantara review start` uses by default: entity matching is part of import and page cost.
        let finder = GlossaryEntityFinder(glossary: try Glossary.loadShipped(), name: "shipped")
        var session: ReviewSession?
        let importSeconds = try Measure.seconds {
            session = try ReviewSession.start(
                input: input, session: folder.appendingPathComponent("bench.qreview").path, finder: finder
            ).session
        }
        guard let session else { return }
        let server = ReviewServer(session: session)
        let (urls, continuation) = AsyncStream<String>.makeStream()
        let running = Task { try await server.run { url in continuation.yield(url) } }
        defer { running.cancel() }
        var iterator = urls.makeAsyncIterator()
        guard let url = await iterator.next(), let split = url.range(of: "/?token=") else { return }
        let client = Client(base: String(url[..<split.lowerBound]), token: server.token)

        var firstScreens: [Double] = []
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await client.get("/?token=\(server.token)")
            async let css = client.get("/style.css?token=\(server.token)")
            async let script = client.get("/app.js?token=\(server.token)")
            _ = try await (css, script)
            async let summary = client.get("/api/session")
            async let indexData = client.get("/api/index")
            let index = try JSONDecoder().decode(ReviewIndex.self, from: try await indexData)
            _ = try await summary
            let visible = index.ids.prefix(40).map(String.init).joined(separator: ",")
            _ = try await client.get("/api/pairs?ids=\(visible)")
            firstScreens.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }

        let ids = try session.index().ids
        var random = SystemRandomNumberGenerator()
        var revision = try session.revision()
        var roundTrips: [Double] = []
        var kinds: [String: Int] = [:]
        for step in 0..<operations {
            let id = ids[Int.random(in: 0..<(ids.count - 1), using: &random)]
            let body: [String: Any]
            switch step % 5 {
            case 0: body = ["op": "approve", "id": id]
            case 1: body = ["op": "comment", "id": id, "text": "checked \(step)"]
            case 2: body = ["op": "edit", "id": id, "side": "target", "text": "Edited sentence \(step) about the talks."]
            case 3: body = ["op": "reject", "id": id]
            default: body = ["op": "undo"]
            }
            var payload = body
            payload["revision"] = revision
            let data = try JSONSerialization.data(withJSONObject: payload)
            let start = DispatchTime.now().uptimeNanoseconds
            let response = try await client.post("/api/ops", body: data)
            roundTrips.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            revision = try JSONDecoder().decode(ReviewChange.self, from: response).revision
            kinds[body["op"] as? String ?? "", default: 0] += 1
        }
        let commitFloor = try Self.commitFloor(folder: folder.path)

        func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
        print("review server, \(pairs) pairs (\(ByteCountFormatter.string(fromByteCount: Int64(Self.size(input)), countStyle: .file)) TMX)")
        print("  import TMX → session (with the shipped glossary's entity flags): \(String(format: "%.2f s", importSeconds))")
        print("  first screen (page, assets, session, index of \(pairs), 40 visible pairs): median \(ms(Measure.median(firstScreens))), worst \(ms(firstScreens.max() ?? 0))  [target < 1 s]")
        print("  operation round trip over HTTP, \(operations) ops \(kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")):")
        print("    p50 \(ms(Measure.percentile(roundTrips, 0.5))), p95 \(ms(Measure.percentile(roundTrips, 0.95))), max \(ms(roundTrips.max() ?? 0))  [target p95 < 20 ms]")
        print("  anchor: no other review tool has an API to time (LF Aligner's editor is Windows-only, OmegaT's aligner has no autosave);")
        print("    floor measured here: one SQLite commit with synchronous=FULL in WAL mode, p50 \(ms(commitFloor.0)), p95 \(ms(commitFloor.1))")
        print("  peak memory \(Measure.peakResidentBytes() / 1_048_576) MiB")
    }

    /// The cost of a durable commit on this disk, the least an acknowledged operation can take.
    static func commitFloor(folder: String) throws -> (Double, Double) {
        let session = try ReviewSession.create(
            path: folder + "/floor.qreview",
            pairs: [ReviewPair(id: 0, position: 0, source: "نص", target: "text", bead: "1-1")],
            sourceLanguage: "ar", targetLanguage: "en", input: "floor")
        var times: [Double] = []
        for step in 0..<200 {
            times.append(try Measure.seconds { try session.setCursor(Int64(step)) })
        }
        return (Measure.percentile(times, 0.5), Measure.percentile(times, 0.95))
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// A TMX shaped like `qantara align` output: news-like sentences, confidences, a few one-sided units.
    static func writeTMX(pairs: Int, to path: String) throws {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="qantara-bench" creationtoolversion="1" segtype="sentence" \
            o-tmf="Qantara" adminlang="en" srclang="ar" datatype="plaintext"/><body>

            """
        for i in 1...pairs {
            let arabic = "قال المتحدث باسم الوزارة إن الجولة رقم \(i) من المحادثات في إسطنبول استمرت ست ساعات ونصف."
            let english = "The ministry spokesman said round \(i) of the talks in Istanbul lasted six and a half hours."
            let confidence = String(format: "%.2f", Double((i * 37) % 100) / 100)
            let source = i % 97 == 0 ? "" : "<tuv xml:lang=\"ar\"><seg>\(arabic)</seg></tuv>"
            let target = i % 89 == 0 ? "" : "<tuv xml:lang=\"en\"><seg>\(english)</seg></tuv>"
            text += "<tu tuid=\"\(i)\"><prop type=\"x-qantara-confidence\">\(confidence)</prop><prop type=\"x-qantara-bead\">1-1</prop>\(source)\(target)</tu>\n"
        }
        text += "</body></tmx>\n"
        try AtomicFile.write(text, to: path)
    }

    /// A minimal HTTP/1.1 client for the loopback server: one connection per request, read to the end.
    /// Hand-written because URLSession loads FoundationNetworking and libcurl with some 30 shared libraries
    /// (6 MB resident) into every qantara-bench process, the TMX benchmark's memory figure included.
    struct Client: Sendable {
        let host: String
        let port: UInt16
        let token: String

        /// `base` is the server's `http://HOST:PORT`.
        init(base: String, token: String) {
            let components = URLComponents(string: base)
            host = components?.host ?? "127.0.0.1"
            port = UInt16(components?.port ?? 80)
            self.token = token
        }

        func get(_ path: String) async throws -> Data {
            try await send(method: "GET", path: path, body: Data())
        }

        func post(_ path: String, body: Data) async throws -> Data {
            try await send(method: "POST", path: path, body: body)
        }

        /// The blocking exchange runs on its own thread, never on the cooperative pool the server also uses.
        private func send(method: String, path: String, body: Data) async throws -> Data {
            try await withCheckedThrowingContinuation { continuation in
                Thread {
                    continuation.resume(with: Result { try exchange(method: method, path: path, body: body) })
                }.start()
            }
        }

        private func exchange(method: String, path: String, body: Data) throws -> Data {
            let failure = { (what: String) in
                ReviewError(.invalidOperation, file: path, message: "\(what): \(String(cString: strerror(errno)))")
            }
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw failure("socket") }
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw failure("connect") }
            var request = Data(
                ("\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nX-Qantara-Token: \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n").utf8)
            request.append(body)
            try request.withUnsafeBytes { bytes in
                var sent = 0
                while sent < bytes.count {
                    let count = Glibc.send(socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                    guard count > 0 else { throw failure("send") }
                    sent += count
                }
            }
            var response = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                guard count >= 0 else { throw failure("recv") }
                if count == 0 { break }
                response.append(contentsOf: buffer[0..<count])
            }
            return try Self.body(of: response, path: path)
        }

        /// The body of a `200` response (chunked or not); other statuses throw with the body as message.
        static func body(of response: Data, path: String) throws -> Data {
            guard let end = response.range(of: Data("\r\n\r\n".utf8)) else {
                throw ReviewError(.invalidOperation, file: path, message: "no HTTP response")
            }
            let head = String(decoding: response[..<end.lowerBound], as: UTF8.self).lowercased()
            var body = Data(response[end.upperBound...])
            if head.contains("\r\ntransfer-encoding: chunked") {
                var decoded = Data()
                while let line = body.range(of: Data("\r\n".utf8)),
                    let size = Int(String(decoding: body[..<line.lowerBound], as: UTF8.self), radix: 16), size > 0
                {
                    decoded.append(body[line.upperBound..<(line.upperBound + size)])
                    body = Data(body[(line.upperBound + size + 2)...])
                }
                body = decoded
            }
            guard head.hasPrefix("http/1.1 200") else {
                throw ReviewError(.invalidOperation, file: path, message: String(decoding: body, as: UTF8.self))
            }
            return body
        }
    }
}
