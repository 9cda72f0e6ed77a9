import Foundation
import Hummingbird
import NIOCore

/// The page's HTML, CSS and JavaScript, read once from the target's resources.
struct ReviewPage: Sendable {
    let files: [String: Data]

    static let contentTypes = [
        "index.html": "text/html; charset=utf-8",
        "app.js": "text/javascript; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
    ]

    static func load() throws -> ReviewPage {
        var files: [String: Data] = [:]
        for name in contentTypes.keys {
            let url = URL(fileURLWithPath: name)
            guard let resource = Bundle.module.url(
                forResource: url.deletingPathExtension().lastPathComponent, withExtension: url.pathExtension,
                subdirectory: "Page")
            else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Page/\(name)"])
            }
            files[name] = try Data(contentsOf: resource)
        }
        return ReviewPage(files: files)
    }

    /// The file, with the session token written where the HTML references its assets.
    func response(for name: String, token: String) -> Response {
        var data = files[name] ?? Data()
        if name == "index.html" {
            data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "{{TOKEN}}", with: token).utf8)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: Self.contentTypes[name] ?? "application/octet-stream", .cacheControl: "no-store",
                .init("Content-Security-Policy")!: "default-src 'self'; img-src 'self' data:",
                .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
