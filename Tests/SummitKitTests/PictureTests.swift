// bar_chart and world_map through the embedding API: the SVG they write parses as XML, the right
// countries are filled, a map renders to PNG where a converter is installed, and neither writes
// without the file capability.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Synchronization
import Testing
import SummitKit

@Suite struct PictureTests {
    /// A path for one test's SVG, removed afterwards by the caller.
    private func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("summit-picture-\(name)-\(getpid()).svg").path
    }

    /// The elements of an XML document that carry `data-code`, with their fill (nil: the default),
    /// or nil when the document does not parse.
    private final class Codes: NSObject, XMLParserDelegate {
        var fills: [String: String?] = [:]
        var markers: [String: String?] = [:]
        var elements = 0

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            elements += 1
            guard let code = attributes["data-code"] else { return }
            if name == "circle" { markers[code] = attributes["fill"] } else { fills[code] = attributes["fill"] }
        }
    }

    private func parse(_ file: String) throws -> Codes? {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let parser = XMLParser(data: data)
        let codes = Codes()
        parser.delegate = codes
        return parser.parse() ? codes : nil
    }

    @Test func worldMapFillsTheSetsCountries() throws {
        let file = path("map")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let interpreter = Interpreter(capabilities: .fileAccess)
        try interpreter.eval("world_map({yes: {France, Norway, Germany, Monaco, EU}, no: [US, France]}, \"\(file)\")")
        let codes = try #require(try parse(file), "the map is not well-formed XML")
        let filled = codes.fills.filter { $0.value != nil }
        #expect(filled.mapValues { $0! } == ["FR": "#4e79a7", "NO": "#4e79a7", "DE": "#4e79a7", "US": "#f28e2b"])
        #expect(codes.markers.mapValues { $0! } == ["MC": "#4e79a7"])
        // Every country that has a shape is drawn, filled or not; Antarctica only when filled.
        #expect(codes.fills.count > 170)
        #expect(codes.fills["GB"] != nil && codes.fills["AQ"] == nil)
    }

    @Test func barChartSVGParses() throws {
        let file = path("bars")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let interpreter = Interpreter(capabilities: .fileAccess)
        try interpreter.eval("bar_chart({\"<a & b>\": 3, \"'quoted'\": 1.5}, \"\(file)\")")
        let codes = try #require(try parse(file), "the chart is not well-formed XML")
        #expect(codes.elements > 5)
    }

    @Test func picturesNeedTheFileCapability() throws {
        let file = path("denied")
        let sandboxed = Interpreter()
        for call in ["world_map({France}, \"\(file)\")", "bar_chart({a: 1}, \"\(file)\")"] {
            do {
                try sandboxed.eval(call)
                Issue.record("\(call) ran without file access")
            } catch let error as SummitError {
                #expect(error.kind == .io)
                #expect(error.message.contains("the host has not granted file access"), "\(error.message)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: file))
        // Drawing in the terminal writes no file and needs nothing.
        let printed = Mutex("")
        sandboxed.output = { text in printed.withLock { $0 += text } }
        try sandboxed.eval("bar_chart({a: 2, b: 1})")
        #expect(printed.withLock { $0 } == "a ████████████████████████████████████████ 2\nb ████████████████████ 1\n")
    }

    /// The first SVG converter installed: rsvg-convert, else ImageMagick's `magick`.
    private func converter() -> (String, (String, String) -> [String])? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if FileManager.default.isExecutableFile(atPath: "\(folder)/rsvg-convert") {
                return ("\(folder)/rsvg-convert", { svg, png in [svg, "-o", png] })
            }
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if FileManager.default.isExecutableFile(atPath: "\(folder)/magick") {
                return ("\(folder)/magick", { svg, png in [svg, png] })
            }
        }
        return nil
    }

    @Test func worldMapRendersToPNG() throws {
        guard let (tool, arguments) = converter() else { return }  // no converter here: nothing to check
        let svg = path("render"), png = svg + ".png"
        defer {
            try? FileManager.default.removeItem(atPath: svg)
            try? FileManager.default.removeItem(atPath: png)
        }
        try Interpreter(capabilities: .fileAccess).eval("world_map({signed: signed, refused: [US, UK]}, \"\(svg)\")")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments(svg, png)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) failed")
        let data = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        #expect(data.count > 10_000)
    }
}
