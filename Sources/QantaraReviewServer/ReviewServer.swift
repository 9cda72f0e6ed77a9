import Foundation
import Hummingbird
import NIOCore
import QantaraReview

/// The review page and its JSON API over one session, served by Hummingbird.
///
/// Every request must carry the session token (query `token=` or header `X-Qantara-Token`), else 401;
/// a state-changing request whose `Origin` is not this server's gets 403.
public struct ReviewServer: Sendable {
    public let session: ReviewSession
    public let host: String
    public let port: Int
    public let token: String
    let page: ReviewPage

    /// A server for `session` on `host:port` (port 0: any free port), loopback by default.
    public init(session: ReviewSession, host: String = "127.0.0.1", port: Int = 0, token: String = ReviewServer.makeToken()) {
        self.session = session
        self.host = host
        self.port = port
        self.token = token
        self.page = ReviewPage.load()
    }

    /// 32 random bytes in hex, from the system's secure generator.
    public static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// True when `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
    }

    /// The page's address once the server listens on `port`.
    public func pageURL(port: Int) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)/?token=\(token)"
    }

    /// The routes: the page, its assets, and the JSON API behind the security middleware.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ReviewSecurityMiddleware(token: token, host: host))
        let api = ReviewAPI(session: session)
        router.get("/") { _, _ in page.response(for: "index.html", token: token) }
        router.get("/app.js") { _, _ in page.response(for: "app.js", token: token) }
        router.get("/style.css") { _, _ in page.response(for: "style.css", token: token) }
        router.get("/api/session") { _, _ in try api.json { try session.summary() } }
        router.get("/api/index") { _, _ in try api.json { try session.index() } }
        router.get("/api/pairs") { request, _ in try api.pairs(request) }
        router.post("/api/ops") { request, context in try await api.operation(request, context: context) }
        router.post("/api/cursor") { request, _ in try await api.cursor(request) }
        router.get("/api/export") { request, _ in try api.export(request) }
        return router
    }

    /// Runs until the process is interrupted (SIGINT/SIGTERM); `onRunning` gets the page's URL once the
    /// server listens.
    public func run(onRunning: @escaping @Sendable (String) async -> Void) async throws {
        let application = Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "Qantara"),
            onServerRunning: { channel in
                await onRunning(pageURL(port: channel.localAddress?.port ?? port))
            })
        try await application.runService()
    }
}

/// 401 without the token; 403 for a state-changing request from a foreign origin.
struct ReviewSecurityMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String
    let host: String

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let given = request.headers[.init("X-Qantara-Token")!] ?? request.uri.queryParameters["token"].map(String.init)
        guard let given, constantTimeEqual(given, token) else {
            return ReviewAPI.error(.unauthorized, "missing or wrong session token: open the URL the server printed")
        }
        let safe = request.method == .get || request.method == .head || request.method == .options
        if !safe, let origin = request.headers[.origin], !isOwnOrigin(origin, requestHost: request.head.authority) {
            return ReviewAPI.error(.forbidden, "requests from \(origin) may not change this session")
        }
        return try await next(request, context)
    }

    /// The page's own origin is `http://` + the Host it was loaded from, on a name this server answers to.
    func isOwnOrigin(_ origin: String, requestHost: String?) -> Bool {
        guard let requestHost, origin == "http://\(requestHost)",
            let components = URLComponents(string: origin), let name = components.host
        else { return false }
        let names: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]", host]
        return names.contains(name)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
