// world_map: an SVG map of the world with the countries of one or more sets filled, from Natural
// Earth's public-domain shapes (WorldMapData, made by tools/gen-world-map). The shapes are static
// text, read only when world_map is first called, so start-up pays nothing for them.

extension Builtin {
    static let worldMap = Builtin(name: "world_map", doc: """
        world_map(sets, path)
        Writes an SVG world map to a path ending in .svg, the countries of a set filled. Several sets,
        as a list of sets or a record of them (its keys name them in the legend), get several colours.
        A country too small to draw gets a marker at its capital; an organisation is named in the legend.
          world_map(signed, "signed.svg")
          world_map({signed: signed, "did not sign": [US, UK]}, "paris.svg")
        """, arity: 2...2) { args, context in
        let layers = try WorldMap.layers(args[0])
        let file = try DataFile.path(args[1], "world_map", context, writing: true)
        guard file.lowercased().hasSuffix(".svg") else {
            throw fail("world_map() writes SVG: give a path ending in .svg, got \(args[1].description)")
        }
        let svg = WorldMap.svg(layers)
        try context.checkString(svg.utf8.count)
        try DataFile.save(svg, to: file, appending: false)
        return .null
    }
}

enum WorldMap {
    /// One set of the map: its label in the legend and its entities.
    struct Layer {
        var label: String
        var entities: [Entity]
    }

    /// The most sets one map shows: one colour each.
    static let colours = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7",
                          "#9c755f", "#bab0ac"]

    /// The sets of `world_map`'s first argument: a set or a list of entities is one; a list of sets
    /// or lists is one each, labelled by position; a record of sets or lists is one each, labelled
    /// by its keys.
    static func layers(_ value: Value) throws -> [Layer] {
        func isCollection(_ v: Value) -> Bool {
            if case .set = v { return true }
            if case .list = v { return true }
            return false
        }
        var layers: [Layer] = []
        switch value {
        case .set:
            layers = [Layer(label: "", entities: try entities(value, ""))]
        case .list where !isLayerList(value):
            layers = [Layer(label: "", entities: try entities(value, ""))]
        case .list(let items):
            for (i, item) in items.enumerated() {
                layers.append(Layer(label: "set \(i + 1)", entities: try entities(item, "set \(i + 1)")))
            }
        case .record(let record):
            for (key, item) in record {
                guard isCollection(item) else {
                    throw Builtin.fail("world_map() takes a record of sets; '\(key)' is \(item.typeName)")
                }
                layers.append(Layer(label: key, entities: try entities(item, "'\(key)'")))
            }
        default:
            throw Builtin.typeError("world_map", 1, expected: "set, list of sets or record of sets", got: value)
        }
        guard !layers.isEmpty else { throw Builtin.fail("world_map() needs at least one set") }
        guard layers.count <= colours.count else {
            throw Builtin.fail("world_map() shows at most \(colours.count) sets, one colour each; got \(layers.count)")
        }
        return layers
    }

    /// Whether a list is a list of sets (or lists), each a layer, rather than a list of entities.
    private static func isLayerList(_ value: Value) -> Bool {
        guard case .list(let items) = value, !items.isEmpty else { return false }
        return items.allSatisfy {
            switch $0 {
            case .set, .list: return true
            default: return false
            }
        }
    }

    /// The entities of a set or list; anything else in it is an error naming the set.
    private static func entities(_ value: Value, _ which: String) throws -> [Entity] {
        var elements: [Value] = []
        switch value {
        case .set(let s): elements = Array(s)
        case .list(let l): elements = l
        default: throw Builtin.fail("world_map() takes sets of countries; \(which) is \(value.typeName)")
        }
        return try elements.map { element in
            guard case .entity(let e) = element else {
                let place = which.isEmpty ? "the set" : which
                throw Builtin.fail("world_map() draws countries; \(place) holds \(element.description), a \(element.typeName)")
            }
            return e
        }
    }

    /// The shapes, by code, in the order of the data: each an SVG path in tenths of a degree.
    static let shapes: [(code: String, path: String)] = WorldMapData.shapes.split(separator: "\n").map { line in
        let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    /// Where the countries without a shape are marked: their capital's longitude and latitude.
    static let capitals: [String: (longitude: Double, latitude: Double)] = {
        var result: [String: (Double, Double)] = [:]
        for line in WorldMapData.capitals.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 3, let lon = Double(parts[1]), let lat = Double(parts[2]) else { continue }
            result[String(parts[0])] = (lon, lat)
        }
        return result
    }()

    /// The map: land in grey, each country of a set in its set's colour (the first set that holds
    /// it, when several do), a marker at the capital of a country too small for a shape, and a
    /// legend with each set's count and what in it is not on the map.
    static func svg(_ layers: [Layer]) -> String {
        // The colour and name of each country in a set, and what each set holds that is not drawn.
        var fill: [String: (colour: String, name: String)] = [:]
        var notDrawn: [[String]] = []
        var counts: [Int] = []
        let drawn = Set(shapes.map(\.code))
        for (i, layer) in layers.enumerated() {
            var missing: [String] = []
            var seen = Set<Int>()
            for entity in layer.entities where seen.insert(entity.id).inserted {
                guard case .string(let code)? = entity["iso2"], drawn.contains(code) || capitals[code] != nil else {
                    missing.append(entity.name)
                    continue
                }
                if fill[code] == nil { fill[code] = (colours[i], entity.name) }
            }
            counts.append(seen.count)
            notDrawn.append(missing.sorted())
        }

        // Antarctica only when it is filled: otherwise the map stops at 60°S.
        let top = -840, bottom = fill["AQ"] != nil ? 900 : 600
        let rowHeight = 80, legendTop = bottom + 40
        let height = legendTop + layers.count * rowHeight + 20 - top
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="1200" height="\(height / 3)" \
            viewBox="-1800 \(top) 3600 \(height)" font-family="sans-serif">
            <rect x="-1800" y="\(top)" width="3600" height="\(height)" fill="#ffffff"/>
            <g id="land" fill="#dcdcdc" stroke="#ffffff" stroke-width="2" stroke-linejoin="round">

            """
        for shape in shapes where shape.code != "AQ" || fill["AQ"] != nil {
            out += "<path"
            if !shape.code.isEmpty { out += " data-code=\"\(shape.code)\"" }
            if let filled = fill[shape.code] {
                out += " fill=\"\(filled.colour)\" d=\"\(shape.path)\"><title>\(SVG.escape(filled.name))</title></path>\n"
            } else {
                out += " d=\"\(shape.path)\"/>\n"
            }
        }
        out += "</g>\n<g id=\"capitals\" stroke=\"#333333\" stroke-width=\"4\">\n"
        for (code, place) in capitals.sorted(by: { $0.key < $1.key }) {
            guard let filled = fill[code] else { continue }
            out += "<circle data-code=\"\(code)\" cx=\"\(SVG.number(place.longitude * 10))\" "
                + "cy=\"\(SVG.number(-place.latitude * 10))\" r=\"16\" fill=\"\(filled.colour)\">"
                + "<title>\(SVG.escape(filled.name))</title></circle>\n"
        }
        out += "</g>\n<g id=\"legend\" font-size=\"50\">\n"
        for (i, layer) in layers.enumerated() {
            let y = legendTop + i * rowHeight
            var text = layer.label.isEmpty ? "" : layer.label + ": "
            text += counts[i] == 1 ? "1 member" : "\(counts[i]) members"
            if !notDrawn[i].isEmpty { text += "; not on the map: " + notDrawn[i].joined(separator: ", ") }
            out += "<rect x=\"-1760\" y=\"\(y)\" width=\"50\" height=\"50\" fill=\"\(colours[i])\"/>"
            out += "<text x=\"-1690\" y=\"\(y + 42)\">\(SVG.escape(text))</text>\n"
        }
        out += "</g>\n"
        out += "<text x=\"1780\" y=\"\(top + height - 20)\" font-size=\"30\" text-anchor=\"end\" fill=\"#888888\">"
            + "Shapes: Natural Earth (public domain); capitals: GeoNames (CC BY 4.0)</text>\n"
        return out + "</svg>\n"
    }
}
