import QantaraXML

/// A prop or a note as JSON, for stores that keep a unit's or a variant's annotations:
/// `{"kind": "prop", "type": "x-domain", "value": "news", "lang": "en", "encoding": "base64"}` or
/// `{"kind": "note", "value": "…"}` (the translation memory's format since its first version).
extension TMXAnnotation: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, type, value, lang, encoding
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let value = try container.decode(String.self, forKey: .value)
        let language = try container.decodeIfPresent(String.self, forKey: .lang)
        let encoding = try container.decodeIfPresent(String.self, forKey: .encoding)
        if try container.decode(String.self, forKey: .kind) == "note" {
            self = .note(TMXNote(text: value, language: language, originalEncoding: encoding))
        } else {
            let type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
            self = .property(TMXProperty(type: type, value: value, language: language, originalEncoding: encoding))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .property(let property):
            try container.encode("prop", forKey: .kind)
            try container.encode(property.type, forKey: .type)
            try container.encode(property.value, forKey: .value)
            try container.encodeIfPresent(property.language, forKey: .lang)
            try container.encodeIfPresent(property.originalEncoding, forKey: .encoding)
        case .note(let note):
            try container.encode("note", forKey: .kind)
            try container.encode(note.text, forKey: .value)
            try container.encodeIfPresent(note.language, forKey: .lang)
            try container.encodeIfPresent(note.originalEncoding, forKey: .encoding)
        }
    }
}

/// Segment content as JSON, for stores that keep a segment's inline codes beside its plain text (the
/// translation memory, review sessions): an array of runs, `{"text": "…"}` or
/// `{"element": "bpt", "attributes": [{"name": "i", "value": "1"}], "content": [runs]}`.
extension TMXSegmentContent: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(runs: try [TMXContentRun](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try runs.encode(to: encoder)
    }
}

extension TMXContentRun: Codable {
    private enum CodingKeys: String, CodingKey {
        case text, element, attributes, content
    }

    private struct Attribute: Codable {
        var name: String
        var prefix: String?
        var namespace: String?
        var value: String
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .text) {
            self = .text(text)
            return
        }
        let name = try container.decode(String.self, forKey: .element)
        guard let kind = TMXInlineKind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .element, in: container, debugDescription: "no inline element <\(name)> in TMX")
        }
        let attributes = try container.decodeIfPresent([Attribute].self, forKey: .attributes) ?? []
        self = .inline(TMXInlineElement(
            kind: kind,
            attributes: attributes.map { XMLAttribute(name: $0.name, prefix: $0.prefix, namespace: $0.namespace, value: $0.value) },
            content: try container.decodeIfPresent([TMXContentRun].self, forKey: .content) ?? []))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode(text, forKey: .text)
        case .inline(let element):
            try container.encode(element.kind.rawValue, forKey: .element)
            if !element.attributes.isEmpty {
                try container.encode(
                    element.attributes.map { Attribute(name: $0.name, prefix: $0.prefix, namespace: $0.namespace, value: $0.value) },
                    forKey: .attributes)
            }
            if !element.content.isEmpty { try container.encode(element.content, forKey: .content) }
        }
    }
}
