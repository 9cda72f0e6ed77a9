/// The rules that apply to one language, compiled once.
///
/// Matching follows the reference Java engine (loomchild *segment*, "ultimate" algorithm, also ported as
/// PyPI choppa-srx) so that any SRX file segments as other tools segment it: each break rule is searched
/// forward through the text (one scan per *break* rule; files have few of them), and only at the
/// positions those scans find are the exception (`break="no"`) rules listed before that break rule
/// tested, each as `(?=after)(?<=before)` anchored there — never one scan of the text per rule.
/// Each exception is its own small pattern: ICU copies a backtracking frame that grows with every
/// counted loop of a pattern, so one alternation of all exceptions was several times slower.
final class SRXProgram: @unchecked Sendable {
    struct BreakRule {
        let before: ICUPattern?
        let after: ICUPattern?
        /// The exception rules that apply to this break rule: `exceptions[0..<exceptionCount]`.
        let exceptionCount: Int
        /// What is reported when its matching runs past ICU's time limit (names the rule's file and line).
        let givingUp: SegmentationError
    }

    let breakRules: [BreakRule]
    let exceptions: [ICUPattern]
    /// `BreakRule.givingUp` for each of `exceptions`.
    let exceptionsGivingUp: [SegmentationError]
    /// Okapi's `useIcu4jBreakRules`: ICU's sentence breaks are candidates too, checked against every
    /// exception rule.
    let icuSentenceBreaks: Bool
    /// Locale for ICU's sentence breaks.
    let locale: String

    init(ruleSets: [SRXLanguageRule], file: String, icuSentenceBreaks: Bool = false, locale: String = "") throws {
        self.locale = locale
        var breakRules: [BreakRule] = []
        var exceptions: [ICUPattern] = []
        var exceptionsGivingUp: [SegmentationError] = []
        func compile(_ pattern: String, _ label: String, _ line: Int, exact: Bool = false) throws -> ICUPattern {
            do {
                return exact ? try ICUPattern(pattern) : try JavaRegex.compile(pattern)
            } catch {
                throw SegmentationError(file: file, line: line, rule: label, message: "invalid regular expression: \(error.message)")
            }
        }
        for ruleSet in ruleSets {
            for (index, rule) in ruleSet.rules.enumerated() {
                let label = "languagerule \"\(ruleSet.name)\", rule \(index + 1)"
                let givingUp = SegmentationError(
                    file: file, line: rule.line, rule: label,
                    message: "its regular expression ran past the time limit of one match (catastrophic backtracking?), "
                        + "so it was left out from there on")
                if rule.isBreak {
                    breakRules.append(BreakRule(
                        before: rule.beforeBreak.isEmpty ? nil : try compile(rule.beforeBreak, label, rule.line),
                        after: rule.afterBreak.isEmpty ? nil : try compile(rule.afterBreak, label, rule.line),
                        exceptionCount: exceptions.count, givingUp: givingUp))
                } else {
                    let alternative = JavaRegex.exceptionAlternative(before: rule.beforeBreak, after: rule.afterBreak)
                    exceptions.append(try compile(alternative, label, rule.line, exact: true))
                    exceptionsGivingUp.append(givingUp)
                }
            }
        }
        self.icuSentenceBreaks = icuSentenceBreaks
        self.breakRules = breakRules
        self.exceptions = exceptions
        self.exceptionsGivingUp = exceptionsGivingUp
    }
}

/// Matchers of one `SRXProgram` for one thread; reused from text to text.
final class SRXMatcher {
    private struct RuleState {
        let before: ICUMatcher?
        let after: ICUMatcher?
        let exceptionCount: Int
        var position = 0
        var start = 0
        var breakPosition = 0
        var found = false
    }

    private let program: SRXProgram
    private var states: [RuleState]
    private let exceptions: [ICUMatcher]
    /// Whether `exceptions[i]` has been given the current text (done lazily: most are never needed).
    private var exceptionHasText: [Bool]
    private var text = UnsafeBufferPointer<UInt16>(start: nil, count: 0)
    private let sentenceBreaker: ICUSentenceBreaker?
    private var length = 0

    init(_ program: SRXProgram) {
        self.program = program
        states = program.breakRules.map {
            RuleState(before: $0.before?.matcher(), after: $0.after?.matcher(), exceptionCount: $0.exceptionCount)
        }
        exceptions = program.exceptions.map { $0.matcher() }
        exceptionHasText = Array(repeating: false, count: exceptions.count)
        sentenceBreaker = program.icuSentenceBreaks ? ICUSentenceBreaker(locale: program.locale) : nil
    }

    /// The rules whose matching ran past ICU's time limit on some text so far, as errors naming them; they
    /// match nothing from then on.
    var rulesThatGaveUp: [SegmentationError] {
        var errors: [SegmentationError] = []
        for (state, rule) in zip(states, program.breakRules) where state.before?.gaveUp == true || state.after?.gaveUp == true {
            errors.append(rule.givingUp)
        }
        for (matcher, error) in zip(exceptions, program.exceptionsGivingUp) where matcher.gaveUp { errors.append(error) }
        return errors
    }

    /// Break positions (UTF-16 offsets, strictly inside `text`, increasing) that the rules give.
    func breaks(in text: UnsafeBufferPointer<UInt16>, into result: inout [Int]) {
        length = text.count
        guard length > 0 else { return }
        self.text = text
        for index in exceptionHasText.indices { exceptionHasText[index] = false }
        var active: [Int] = []
        for index in states.indices {
            states[index].before?.setText(text)
            states[index].after?.setText(text)
            states[index].position = 0
            if find(index, from: 0) { active.append(index) }
        }
        let icuBreaks = sentenceBreaker?.breaks(in: text) ?? []
        var icuCursor = 0
        var segmentStart = 0
        var found: [Int] = []
        while true {
            // The earliest break among the rules (the first rule wins a tie), as the reference engine does.
            var best: Int? = nil
            for index in active where best == nil || states[index].breakPosition < states[best!].breakPosition {
                best = index
            }
            let icuNext = icuCursor < icuBreaks.count ? icuBreaks[icuCursor] : nil
            if let icuNext, best == nil || icuNext < states[best!].breakPosition {
                icuCursor += 1
                if icuNext > segmentStart && !isException(exceptions.count, at: icuNext) {
                    found.append(icuNext)
                    segmentStart = icuNext
                }
                continue
            }
            guard let best else { break }
            let end = states[best].breakPosition
            var isBreak = false
            if end > segmentStart, !isException(states[best].exceptionCount, at: end) {
                isBreak = true
                found.append(end)
                // Rules whose match began inside the segment just closed search again from its end.
                active.removeAll { index in
                    states[index].start < end && !find(index, from: end)
                }
            }
            active.removeAll { index in
                while states[index].breakPosition <= end {
                    if !find(index, from: nil) { return true }
                }
                return false
            }
            if isBreak { segmentStart = end }
        }
        result.append(contentsOf: found.filter { $0 > 0 && $0 < length })
    }

    private func isException(_ count: Int, at position: Int) -> Bool {
        for index in 0..<count {
            if !exceptionHasText[index] {
                exceptions[index].setText(text)
                exceptionHasText[index] = true
            }
            if exceptions[index].matches(at: position) { return true }
        }
        return false
    }

    /// Next match of break rule `index`: a `before` match whose end is followed by an `after` match.
    private func find(_ index: Int, from start: Int?) -> Bool {
        var state = states[index]
        if let start { state.position = start }
        state.found = false
        while state.position <= length {
            let match: (start: Int, end: Int)
            if let before = state.before {
                guard let found = before.find(from: state.position) else { break }
                match = found
            } else if let after = state.after {
                // An empty beforebreak matches everywhere: the next candidate is where the afterbreak
                // next matches, which one search finds (same result as trying each position).
                guard let found = after.find(from: state.position) else { break }
                state.found = true
                state.start = found.start
                state.breakPosition = found.start
                state.position = found.start + 1
                break
            } else {
                match = (state.position, state.position)
            }
            // Java's find(): continue at the end of the match, one further after an empty match.
            state.position = match.end == match.start ? match.end + 1 : match.end
            if state.after?.matches(at: match.end) ?? true {
                state.found = true
                state.start = match.start
                state.breakPosition = match.end
                break
            }
        }
        states[index] = state
        return state.found
    }
}
