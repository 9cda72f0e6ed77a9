import Foundation
import QantaraReview
import Testing
@testable import QantaraReviewServer

private func json(_ text: String) -> Data { Data(text.utf8) }

@Suite(.serialized) struct ReviewServerSecurityTests {
    @Test func listensOnLoopbackByDefault() async throws {
        let live = try await LiveServer.start()
        defer { live.stop() }
        #expect(live.server.host == "127.0.0.1")
        #expect(live.base.hasPrefix("http://127.0.0.1:"))
        #expect(live.server.pageURL(port: 8123) == "http://127.0.0.1:8123/?token=secret-token")
        #expect(ReviewServer.isLoopback("127.0.0.1") && ReviewServer.isLoopback("::1"))
        #expect(!ReviewServer.isLoopback("0.0.0.0") && !ReviewServer.isLoopback("192.168.1.2"))
    }

    @Test func tokensAreRandomAndLong() {
        let token = ReviewServer.makeToken()
        #expect(token.count == 64 && token != ReviewServer.makeToken())
    }

    @Test func everyRequestWithoutTheTokenGets401() async throws {
        let live = try await LiveServer.start()
        defer { live.stop() }
        let anonymous = live.client(token: nil)
        for path in ["/", "/app.js", "/style.css", "/api/session", "/api/index", "/api/pairs?ids=1", "/api/export", "/nothing"] {
            #expect(try await anonymous.send(path).status == 401, "\(path)")
        }
        #expect(try await anonymous.send("/api/session?token=wrong").status == 401)
        #expect(try await live.client(token: "wrong").send("/api/session").status == 401)
        #expect(try await anonymous.send("/api/ops", body: json(#"{"op":"approve","id":1}"#)).status == 401)
        #expect(try await anonymous.send("/api/session?token=secret-token").status == 200)
        #expect(try await live.client().send("/api/session").status == 200)
        #expect(try live.server.session.revision() == 0)
    }

    @Test func stateChangingRequestsFromAForeignOriginGet403() async throws {
        let live = try await LiveServer.start()
        defer { live.stop() }
        let client = live.client()
        let foreign = ["Origin": "http://evil.example"]
        #expect(try await client.send("/api/ops", body: json(#"{"op":"approve","id":1}"#), headers: foreign).status == 403)
        #expect(try await client.send("/api/cursor", body: json(#"{"id":1}"#), headers: foreign).status == 403)
        #expect(try await client.send("/api/session", headers: foreign).status == 200, "reading is not changing")
        let own = ["Origin": live.base]
        #expect(try await client.send("/api/ops", body: json(#"{"op":"approve","id":1}"#), headers: own).status == 200)
        #expect(try live.server.session.revision() == 1)
    }

    @Test func theOwnOriginMustMatchTheHostAndALoopbackName() {
        let middleware = ReviewSecurityMiddleware(token: "t", host: "127.0.0.1")
        #expect(middleware.isOwnOrigin("http://127.0.0.1:8000", requestHost: "127.0.0.1:8000"))
        #expect(middleware.isOwnOrigin("http://localhost:8000", requestHost: "localhost:8000"))
        #expect(!middleware.isOwnOrigin("http://127.0.0.1:1", requestHost: "127.0.0.1:8000"))
        #expect(!middleware.isOwnOrigin("http://evil.example:8000", requestHost: "evil.example:8000"), "DNS rebinding")
        #expect(!middleware.isOwnOrigin("null", requestHost: "127.0.0.1:8000"))
    }
}

@Suite(.serialized) struct ReviewServerAPITests {
    @Test func servesThePageWithTheTokenInItsAssetLinks() async throws {
        let live = try await LiveServer.start()
        defer { live.stop() }
        let page = try await live.client(token: nil).send("/?token=secret-token")
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("/app.js?token=secret-token") && !html.contains("{{TOKEN}}"))
        #expect((page.headers["Content-Type"] as? String)?.hasPrefix("text/html") == true)
        let script = try await live.client(token: nil).send("/app.js?token=secret-token")
        #expect(String(decoding: script.body, as: UTF8.self).contains("/api/ops"))
    }

    @Test func operationsConflictsAndErrorsOverJSON() async throws {
        let live = try await LiveServer.start()
        defer { live.stop() }
        let client = live.client()
        let merged = try await client.send("/api/ops", body: json(#"{"op":"merge","id":1,"revision":0}"#))
        #expect(merged.status == 200)
        let change = try JSONSerialization.jsonObject(with: merged.body) as? [String: Any]
        #expect(change?["revision"] as? Int == 1)
        #expect(change?["removed"] as? [Int] == [2])
        #expect(((change?["pairs"] as? [[String: Any]])?.first?["annotations"] as? [String: Any])?["source"] != nil)

        #expect(try await client.send("/api/ops", body: json(#"{"op":"approve","id":1,"revision":0}"#)).status == 409)
        #expect(try await client.send("/api/ops", body: json(#"{"op":"approve","id":999}"#)).status == 422)
        #expect(try await client.send("/api/ops", body: json("{}")).status == 400)

        let index = try JSONDecoder().decode(ReviewIndex.self, from: try await client.send("/api/index").body)
        #expect(index.ids.count == 9 && index.revision == 1 && index.confidence[0] == 0.41)
        let pairs = try JSONSerialization.jsonObject(with: try await client.send("/api/pairs?ids=3,1").body) as? [String: Any]
        #expect((pairs?["pairs"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [1, 3])

        #expect(try await client.send("/api/cursor", body: json(#"{"id":3}"#)).status == 200)
        let summary = try JSONDecoder().decode(ReviewSummary.self, from: try await client.send("/api/session").body)
        #expect(summary.cursor == 3 && summary.revision == 1 && summary.canUndo)

        let export = try await client.send("/api/export?approvedOnly=0")
        #expect(export.status == 200)
        #expect(String(decoding: export.body, as: UTF8.self).components(separatedBy: "<tu ").count - 1 == 9)
        #expect((export.headers["Content-Disposition"] as? String)?.contains("attachment") == true)
    }
}
