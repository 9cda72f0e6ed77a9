import Foundation
import QantaraTMX
import QantaraXML

@testable import QantaraMemory

/// A fresh folder per test, removed by the caller's `defer`.
func temporaryFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-memory-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// An Arabic→English TMX unit built in memory.
func pair(
    _ arabic: String, _ english: String, changeDate: String? = nil, annotations: [TMXAnnotation] = [],
    arabicTag: String = "ar", englishTag: String = "en"
) -> TMXUnit {
    var attributes = [XMLAttribute(name: "srclang", value: arabicTag)]
    if let changeDate { attributes.append(XMLAttribute(name: "changedate", value: changeDate)) }
    return TMXUnit(
        attributes: attributes, annotations: annotations,
        variants: [
            TMXVariant(language: arabicTag, content: TMXSegmentContent(text: arabic)),
            TMXVariant(language: englishTag, content: TMXSegmentContent(text: english)),
        ])
}

/// A memory in a fresh folder holding `units`.
func memory(with units: [TMXUnit]) throws -> (store: SQLiteMemoryStore, folder: String) {
    let folder = try temporaryFolder()
    let store = try SQLiteMemoryStore(path: folder + "/memory.sqlite")
    _ = try store.add(units: units, defaultSourceLanguage: "ar", origin: "test")
    return (store, folder)
}

let sampleUnits = [
    pair("وصل الرئيس إلى القاهرة صباح الأحد", "The president arrived in Cairo on Sunday morning"),
    pair("عقدت الحكومة اجتماعا طارئا في بيروت", "The government held an emergency meeting in Beirut"),
    pair("قتل 12 شخصا في الهجوم على السوق", "12 people were killed in the attack on the market"),
    pair("أعلنت الأمم المتحدة عن خطة جديدة للاجئين", "The United Nations announced a new plan for refugees"),
    pair("وصل الوزير إلى القاهرة صباح الأحد", "The minister arrived in Cairo on Sunday morning"),
]
