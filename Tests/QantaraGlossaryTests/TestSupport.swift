import Foundation
@testable import QantaraGlossary

/// Paths and small helpers shared by the glossary tests.
enum TestFiles {
    /// The package root (this file is Tests/QantaraGlossaryTests/TestSupport.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared` beside the package, or nil (with a printed note) when it is absent.
    static func shared(_ relative: String) -> String? {
        let path = packageRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            print("note: \(path) is absent; skipping the test that reads it")
            return nil
        }
        return path
    }

    /// A fresh temporary directory, removed by the caller with `remove`.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qgloss-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, named name: String, in directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A small glossary written for the tests: the names the matching rules are about.
enum TestGlossary {
    static let header = "type\tarabic\tenglish\tarabic_variants\tenglish_variants\tnote\n"

    static let tsv = header + """
        PERSON\tفلاديمير بوتين\tVladimir Putin\tبوتين\tPutin\tPresident of Russia
        PERSON\tدميتري بيسكوف\tDmitry Peskov\tبيسكوف | ديمتري بيسكوف\tPeskov\tKremlin spokesman
        PERSON\tفولوديمير زيلينسكي\tVolodymyr Zelensky\tزيلينسكي | زيلينكسي [misspelling]\tZelensky | Zelenskyy\t
        PERSON\tرجب طيب أردوغان\tRecep Tayyip Erdogan\tأردوغان\tErdoğan | Erdogan\t
        LOC\tبسكوف\tPskov\t\t\tCity in Russia
        LOC\tروسيا\tRussia\t\t\t
        LOC\tسيول\tSeoul\t\t\t
        LOC\tكييف\tKyiv\t\tKiev [deprecated]\t
        LOC\tعُمان\tOman\t\t\tCountry
        LOC\tعمّان\tAmman\t\t\tCapital of Jordan
        LOC\tكوريا الشمالية\tNorth Korea\t\t\t
        LOC\tكوريا\tKorea\t\t\t
        LOC\tالولايات المتحدة\tUnited States\t\tUS\t
        ORG\tالكرملين\tKremlin\t\t\t
        ORG\tوكالة فرانس برس\tAgence France-Presse\tفرانس برس\tAFP\t
        ORG\tحلف شمال الأطلسي\tNATO\tناتو\t\t
        ORG\tالليكود\tLikud\t\t\t
        """ + "\n"

    static func glossary() throws -> Glossary {
        try Glossary.parse(text: tsv, csv: false, file: "test.tsv")
    }

    static func matcher() throws -> GlossaryMatcher {
        GlossaryMatcher(glossary: try glossary())
    }
}

extension GlossaryMatcher {
    /// English preferred names of the matches, in order (test shorthand).
    func englishNames(in text: String, language: String = "ar") -> [String] {
        matches(in: text, language: language).map { glossary.entries[$0.entryIndex].preferredEnglish ?? "?" }
    }
}
