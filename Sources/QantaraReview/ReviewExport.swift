import Foundation
import QantaraTMX
import QantaraXML

extension ReviewSession {
    /// Writes the reviewed pairs as TMX to `destination` (atomically) and returns the number of units.
    ///
    /// Each pair becomes a unit with the reviewer's text, `changedate`/`changeid` where the reviewer changed
    /// it, the props `x-qantara-status`, `x-qantara-bead` and (when known) `x-qantara-confidence`, the input's
    /// `x-qantara-source-offsets`/`x-qantara-target-offsets` and the input segment's inline codes while that
    /// side is unchanged, the comment as a `note`, and what the input unit and variants carried besides. An
    /// unaligned pair or a one-sided pair gives a unit with one `tuv`. With `approvedOnly`, only approved pairs
    /// are written.
    @discardableResult
    public func export(to destination: String, approvedOnly: Bool = false) throws -> Int {
        let writer = try TMXWriter(destination: destination, header: TMXHeader.qantara(sourceLanguage: sourceLanguage))
        var count = 0
        for pair in try allPairs() where !approvedOnly || pair.status == .approved {
            try writer.write(unit(pair))
            count += 1
        }
        try writer.finish()
        return count
    }

    func unit(_ pair: ReviewPair) -> TMXUnit {
        let origin = (try? JSONDecoder().decode(ReviewOrigin.self, from: Data(pair.origin.utf8))) ?? ReviewOrigin()
        var unit = TMXUnit()
        unit.attributes = origin.attributes.compactMap(ReviewVariant.attribute)
        if unit.attribute("tuid") == nil { unit.setAttribute("tuid", String(pair.id)) }
        // A 0-1 unit has no source variant: its own srclang names the one it has, as TMX requires.
        unit.setAttribute("srclang", pair.source.isEmpty ? targetLanguage : sourceLanguage)
        if let date = pair.changeDate { unit.setAttribute("changedate", date) }
        if let user = pair.changeID { unit.setAttribute("changeid", user) }
        var annotations: [TMXAnnotation] = []
        if let confidence = pair.confidence {
            annotations.append(.property(TMXProperty(
                type: ReviewImport.confidenceProperty, value: String(format: "%.2f", confidence))))
        }
        annotations.append(.property(TMXProperty(type: ReviewImport.beadProperty, value: pair.bead)))
        if let offsets = origin.sourceOffsets {
            annotations.append(.property(TMXProperty(type: ReviewImport.offsetsProperty, value: offsets)))
        }
        if let offsets = origin.targetOffsets {
            annotations.append(.property(TMXProperty(type: ReviewImport.targetOffsetsProperty, value: offsets)))
        }
        annotations.append(.property(TMXProperty(type: ReviewImport.statusProperty, value: pair.status.rawValue)))
        for property in origin.properties where property.count == 2 {
            annotations.append(.property(TMXProperty(type: property[0], value: property[1])))
        }
        if !pair.comment.isEmpty { annotations.append(.note(TMXNote(text: pair.comment))) }
        unit.annotations = annotations
        if !pair.source.isEmpty {
            unit.variants.append(
                origin.sourceVariant?.variant(language: sourceLanguage, text: pair.source)
                    ?? TMXVariant(language: sourceLanguage, content: TMXSegmentContent(text: pair.source)))
        }
        if !pair.target.isEmpty {
            unit.variants.append(
                origin.targetVariant?.variant(language: targetLanguage, text: pair.target)
                    ?? TMXVariant(language: targetLanguage, content: TMXSegmentContent(text: pair.target)))
        }
        return unit
    }
}
