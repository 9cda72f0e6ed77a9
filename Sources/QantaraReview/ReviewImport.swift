import Foundation
import QantaraTMX

/// Turns TMX units into review pairs.
public enum ReviewImport {
    /// Qantara's own unit props: read into pair fields and written back by the export.
    static let confidenceProperty = "x-qantara-confidence"
    static let beadProperty = "x-qantara-bead"
    static let statusProperty = "x-qantara-status"
    static let offsetsProperty = "x-qantara-source-offsets"
    static let targetOffsetsProperty = "x-qantara-target-offsets"
    static let managedAttributes: Set<String> = ["changedate", "changeid", "srclang"]

    /// The pairs of the units `nextUnit` streams, for the two languages (a unit with neither is skipped).
    /// Throws when no unit has a variant in the source language, or none in the target language,
    /// listing the languages the file has.
    public static func pairs(
        from nextUnit: () throws -> TMXUnit?, header: TMXHeader, sourceLanguage: String, targetLanguage: String,
        file: String
    ) throws -> [ReviewPair] {
        var pairs: [ReviewPair] = []
        var languages: [String] = []
        var seen = Set<String>()
        var hasSource = false
        var hasTarget = false
        while let unit = try nextUnit() {
            for variant in unit.variants where seen.insert(LanguageTag.canonical(variant.language)).inserted {
                languages.append(variant.language)
            }
            let source = unit.variant(for: sourceLanguage)?.content.plainText ?? ""
            let target = unit.variant(for: targetLanguage)?.content.plainText ?? ""
            hasSource = hasSource || unit.variant(for: sourceLanguage) != nil
            hasTarget = hasTarget || unit.variant(for: targetLanguage) != nil
            let trimmedSource = source.trimmingCharacters(in: .whitespacesAndNewlines)
            let trimmedTarget = target.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmedSource.isEmpty && trimmedTarget.isEmpty { continue }
            pairs.append(pair(
                unit, source: trimmedSource, target: trimmedTarget,
                sourceVariant: unit.variant(for: sourceLanguage).flatMap(ReviewVariant.init),
                targetVariant: unit.variant(for: targetLanguage).flatMap(ReviewVariant.init)))
        }
        guard hasSource && hasTarget else {
            let missing = [hasSource ? nil : sourceLanguage, hasTarget ? nil : targetLanguage].compactMap { $0 }
            let found = languages.isEmpty ? "none" : languages.joined(separator: ", ")
            throw ReviewError(
                .badInput, file: file,
                message: "no unit has a variant in \(missing.joined(separator: " or ")); languages in the file: \(found)"
                    + (header.sourceLanguage.map { " (header srclang \($0))" } ?? ""))
        }
        return pairs
    }

    private static func pair(
        _ unit: TMXUnit, source: String, target: String, sourceVariant: ReviewVariant?, targetVariant: ReviewVariant?
    ) -> ReviewPair {
        var origin = ReviewOrigin(sourceVariant: sourceVariant, targetVariant: targetVariant)
        var confidence: Double?
        var bead: String?
        var status = ReviewStatus.unreviewed
        for property in unit.properties {
            switch property.type {
            case confidenceProperty: confidence = Double(property.value.trimmingCharacters(in: .whitespaces))
            case beadProperty: bead = property.value
            case statusProperty: status = ReviewStatus(rawValue: property.value) ?? .unreviewed
            case offsetsProperty: origin.sourceOffsets = property.value
            case targetOffsetsProperty: origin.targetOffsets = property.value
            default: origin.properties.append([property.type, property.value])
            }
        }
        origin.attributes = unit.attributes.filter { !managedAttributes.contains($0.name) }.map {
            [$0.qualifiedName, $0.value]
        }
        let comment = unit.notes.map(\.text).joined(separator: "\n")
        let originJSON = (try? JSONEncoder().encode(origin)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ReviewPair(
            id: 0, position: 0, source: source, target: target, status: status, comment: comment,
            confidence: confidence, bead: bead ?? self.bead(source: source, target: target),
            changeDate: unit.attribute("changedate"), changeID: unit.attribute("changeid"), origin: originJSON)
    }

    /// `m-n`: the sentences on each side.
    static func bead(source: String, target: String) -> String {
        "\(SentenceBoundaries.count(in: source))-\(SentenceBoundaries.count(in: target))"
    }
}
