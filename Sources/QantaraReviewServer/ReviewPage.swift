import Foundation
import Hummingbird
import NIOCore

/// The page's HTML, CSS and JavaScript, compiled into the binary (no resource bundle to install beside it).
struct ReviewPage: Sendable {
    let files: [String: Data]

    static let contentTypes = [
        "index.html": "text/html; charset=utf-8",
        "app.js": "text/javascript; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
    ]

    static func load() -> ReviewPage {
        ReviewPage(files: [
            "index.html": Data(PackageResources.index_html),
            "app.js": Data(PackageResources.app_js),
            "style.css": Data(PackageResources.style_css),
        ])
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
