#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Foundation
import QantaraReview
@testable import QantaraReviewServer

/// Requests to a review server on loopback.
struct HTTPTestClient {
    let base: String
    let token: String?

    /// GET, or POST when there is a body; the token goes in `X-Qantara-Token` unless `token` is nil.
    func send(_ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, headers: [AnyHashable: Any], body: Data)
    {
        var request = URLRequest(url: URL(string: base + path)!)
        if let token { request.setValue(token, forHTTPHeaderField: "X-Qantara-Token") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.allHeaderFields ?? [:], data)
    }
}

/// A review server running in this process on a free loopback port, for one test.
struct LiveServer {
    let server: ReviewServer
    let base: String
    private let task: Task<Void, any Error>

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Review/talk.tmx").path

    /// Serves a new session over the `talk.tmx` fixture with the token `secret-token`.
    static func start() async throws -> LiveServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let session = try ReviewSession.start(input: fixture, session: folder.appendingPathComponent("t.qreview").path).session
        let server = ReviewServer(session: session, token: "secret-token")
        let (urls, continuation) = AsyncStream<String>.makeStream()
        let task = Task { try await server.run { continuation.yield($0) } }
        var iterator = urls.makeAsyncIterator()
        let url = await iterator.next() ?? ""
        return LiveServer(server: server, base: String(url.prefix { $0 != "?" }.dropLast()), task: task)
    }

    func client(token: String? = "secret-token") -> HTTPTestClient { HTTPTestClient(base: base, token: token) }

    func stop() { task.cancel() }
}
