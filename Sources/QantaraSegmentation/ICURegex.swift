import CICURegex

/// A compiled ICU regular expression (`uregex`), the engine the SRX rules run on.
///
/// Why ICU: SRX rules are written in Java's regex dialect (`\p{Lu}`, possessive quantifiers, bounded
/// lookbehind, `\Q…\E`, `[a-z&&[^x]]`), and ICU's `uregex` speaks that dialect natively, on UTF-16 text,
/// with transparent/anchoring bounds like `java.util.regex.Matcher`: the three plain SRX files of
/// ../shared/srx give the same boundaries as the reference engine (choppa-srx) on all NTREX documents.
/// NSRegularExpression wraps the same engine but bridges String↔NSString and allocates result objects
/// on every call, and Swift Regex does not read the Java syntax; a hand-written scan would have to
/// re-implement that dialect for user files. Measured (`qantara-bench segment`, Arabic news, default
/// rules, loaded 2-core machine): about 20 MB/s of CPU time, linear from 1 to 100 MB; ICU's matching is
/// about 60% of it (break-rule scans and the exception tests at candidates), the UTF-8 pass and segment
/// strings the rest. The C calls go through `CICURegex` (one small C file) because Foundation on Linux
/// brings its own ICU module, whose C types clash with the system ICU headers in Swift.
final class ICUPattern: @unchecked Sendable {
    // Immutable after init; matching always happens on clones (ICUMatcher), never on this one.
    private let template: OpaquePointer

    /// Compiles `pattern`; the error names ICU's error and the offset in the pattern.
    init(_ pattern: String) throws(ICUPatternError) {
        var errorName = [CChar](repeating: 0, count: 64)
        var errorOffset: Int32 = 0
        let units = Array(pattern.utf16)
        let compiled = units.withUnsafeBufferPointer { buffer in
            qicu_regex_open(buffer.baseAddress, Int32(buffer.count), &errorName, Int32(errorName.count), &errorOffset)
        }
        guard let compiled else {
            let name = String(decoding: errorName.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ICUPatternError(message: "\(name) at offset \(errorOffset) of /\(pattern)/")
        }
        template = compiled
    }

    deinit { qicu_regex_close(template) }

    /// A matcher of its own (ICU matchers carry state), sharing the compiled pattern.
    func matcher() -> ICUMatcher {
        ICUMatcher(qicu_regex_clone(template))
    }
}

struct ICUPatternError: Error {
    var message: String
}

/// Matching state of one pattern over one UTF-16 text. The text must stay alive while the matcher uses it.
final class ICUMatcher {
    private let regex: OpaquePointer
    private var length: Int32 = 0
    /// Set when a match ran past ICU's time limit (a rule that backtracks catastrophically): from then on
    /// the matcher finds nothing, so one bad rule costs a bounded time instead of hanging the run.
    private(set) var gaveUp = false

    fileprivate init(_ regex: OpaquePointer) { self.regex = regex }

    deinit { qicu_regex_close(regex) }

    func setText(_ text: UnsafeBufferPointer<UInt16>) {
        length = Int32(text.count)
        qicu_regex_set_text(regex, text.baseAddress, length)
    }

    /// The first match starting at or after `position`, searching the whole text (lookbehind sees what
    /// lies before `position`; `^` matches only at 0), like Java's `Matcher.find(int)`.
    func find(from position: Int) -> (start: Int, end: Int)? {
        var start: Int32 = 0
        var end: Int32 = 0
        guard !gaveUp, position <= Int(length) else { return nil }
        switch qicu_regex_find(regex, Int32(position), &start, &end) {
        case 1: return (Int(start), Int(end))
        case 0: return nil
        default:
            gaveUp = true
            return nil
        }
    }

    /// Whether the pattern matches a prefix of the text from `position` (Java `region` + `lookingAt`
    /// with transparent, non-anchoring bounds).
    func matches(at position: Int) -> Bool {
        guard !gaveUp else { return false }
        switch qicu_regex_looking_at(regex, Int32(position)) {
        case 1: return true
        case 0: return false
        default:
            gaveUp = true
            return false
        }
    }
}

/// ICU's sentence break iterator (UAX #29), for SRX files that ask for it (Okapi's `useIcu4jBreakRules`).
final class ICUSentenceBreaker {
    private let breaker: OpaquePointer?

    init(locale: String) { breaker = qicu_sentence_breaker_open(locale) }

    deinit { if let breaker { qicu_breaker_close(breaker) } }

    /// Break offsets strictly inside `text`, moved back over the white space ICU leaves before them, so
    /// that they sit where SRX rules put breaks (right after the punctuation) and exceptions apply.
    func breaks(in text: UnsafeBufferPointer<UInt16>) -> [Int] {
        guard let breaker, let base = text.baseAddress else { return [] }
        qicu_breaker_set_text(breaker, base, Int32(text.count))
        var result: [Int] = []
        var next = Int(qicu_breaker_next(breaker))
        while next >= 0 && next < text.count {
            var position = next
            while position > 0, let scalar = Unicode.Scalar(text[position - 1]), scalar.properties.isWhitespace {
                position -= 1
            }
            if position > (result.last ?? 0) { result.append(position) }
            next = Int(qicu_breaker_next(breaker))
        }
        return result
    }
}
