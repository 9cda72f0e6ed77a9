import Foundation
import Hummingbird
import NIOCore
import QantaraReview

/// A pair as the API sends it: its fields and the page's marks.
struct PairView: Encodable {
    let pair: ReviewPair
    let annotations: ReviewAnnotations

    enum CodingKeys: String, CodingKey { case annotations }

    func encode(to encoder: any Encoder) throws {
        try pair.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(annotations, forKey: .annotations)
    }
}

struct PairsResponse: Encodable {
    let revision: Int64
    let pairs: [PairView]
}

struct ChangeResponse: Encodable {
    let revision: Int64
    let pairs: [PairView]
    let removed: [Int64]
    let canUndo: Bool
    let canRedo: Bool
}

/// The JSON handlers.
struct ReviewAPI: Sendable {
    let session: ReviewSession
    static let maximumBody = 4 << 20

    func json<T: Encodable>(_ body: () throws -> T) throws -> Response {
        do {
            return Self.json(try body())
        } catch {
            return Self.response(for: error)
        }
    }

    /// `GET /api/pairs?ids=1,2,3`.
    func pairs(_ request: Request) throws -> Response {
        let ids = (request.uri.queryParameters["ids"] ?? "").split(separator: ",").compactMap { Int64($0) }
        return try json {
            let revision = try session.revision()
            return PairsResponse(revision: revision, pairs: try session.pairs(ids: ids).map(view))
        }
    }

    /// `POST /api/ops` with `{"op": …, "id": …, "revision": …}`.
    func operation(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maximumBody)
        let data = Data(buffer: body)
        struct Expected: Decodable { var revision: Int64? }
        let operation: ReviewOperation
        let expected: Expected
        do {
            operation = try JSONDecoder().decode(ReviewOperation.self, from: data)
            expected = try JSONDecoder().decode(Expected.self, from: data)
        } catch {
            return Self.error(.badRequest, "the body is not an operation: \(error)")
        }
        return try json {
            let change = try session.apply(operation, expectedRevision: expected.revision)
            return ChangeResponse(
                revision: change.revision, pairs: change.pairs.map(view), removed: change.removed,
                canUndo: change.canUndo, canRedo: change.canRedo)
        }
    }

    /// `POST /api/cursor` with `{"id": …}`: remembers the selected pair.
    func cursor(_ request: Request) async throws -> Response {
        struct Cursor: Decodable { var id: Int64 }
        let body = try await request.body.collect(upTo: Self.maximumBody)
        guard let cursor = try? JSONDecoder().decode(Cursor.self, from: Data(buffer: body)) else {
            return Self.error(.badRequest, "the body must be {\"id\": pair id}")
        }
        return try json {
            try session.setCursor(cursor.id)
            return ["id": cursor.id]
        }
    }

    /// `GET /api/export[?approvedOnly=1]`: the TMX as a download.
    func export(_ request: Request) throws -> Response {
        let approvedOnly = ["1", "true", "yes"].contains(request.uri.queryParameters["approvedOnly"] ?? "")
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("qantara-export-\(UUID().uuidString).tmx").path
        defer { unlink(temporary) }
        do {
            try session.export(to: temporary, approvedOnly: approvedOnly)
            let data = try Data(contentsOf: URL(fileURLWithPath: temporary))
            let name = URL(fileURLWithPath: session.path).deletingPathExtension().lastPathComponent + ".reviewed.tmx"
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/x-tmx+xml; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"\(name)\"",
                ],
                body: .init(byteBuffer: ByteBuffer(data: data)))
        } catch {
            return Self.response(for: error)
        }
    }

    private func view(_ pair: ReviewPair) -> PairView {
        PairView(pair: pair, annotations: session.annotations(for: pair))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, revision: Int64? = nil) -> Response {
        struct Failure: Encodable {
            let error: String
            let revision: Int64?
        }
        return json(Failure(error: message, revision: revision), status: status)
    }

    /// 409 for a conflict (with the current revision), 422 for an operation that cannot apply, 500 otherwise.
    static func response(for error: any Error) -> Response {
        guard let error = error as? ReviewError else { return Self.error(.internalServerError, "\(error)") }
        switch error.kind {
        case .conflict: return Self.error(.conflict, error.message)
        case .invalidOperation: return Self.error(.unprocessableContent, error.message)
        case .badInput, .unreadable: return Self.error(.badRequest, error.message)
        }
    }
}
