// The data built-ins (read_csv, write, format...) are bound when a program first uses their names,
// as the fact base's globals are, so that start-up makes none of them: `summit -e 'count(signed)'`
// would otherwise pay some 66,000 instructions (6%) to define eleven functions it never calls.

extension Runtime {
    /// Binds a new global slot to the data built-in of its name, if there is one.
    func bindDataBuiltin(_ slot: Int, named name: String) {
        guard let builtin = Builtin.dataBuiltin(named: name) else { return }
        globals[slot] = .function(Function(name: builtin.name, kind: .builtin(builtin)))
        globalDefined[slot] = true
        globalConstant[slot] = true
    }

    /// Whether a global holds the data built-in of its name.
    func holdsDataBuiltin(_ slot: Int) -> Bool {
        guard dataBuiltinsStart != nil, globalDefined[slot], case .function(let f) = globals[slot],
              case .builtin(let builtin) = f.kind else { return false }
        return builtin === Builtin.dataBuiltin(named: globalNames[slot])
    }
}

extension Builtin {
    /// The names of `dataIO`, sorted, so that a new global's name is looked up without making the
    /// built-ins themselves.
    static let dataIONames = ["bar_chart", "countries_named", "format", "load_facts", "read_csv", "read_json", "read_lines",
                              "read_text", "to_csv", "to_json", "to_markdown", "world_map", "write"]

    /// The data built-in of a name, or nil.
    static func dataBuiltin(named name: String) -> Builtin? {
        var low = 0, high = dataIONames.count
        while low < high {
            let middle = (low + high) / 2
            if dataIONames[middle] == name {
                assert(dataIONames == dataIO.map(\.name).sorted(), "Builtin.dataIONames is not the sorted names of dataIO")
                return dataIO.first { $0.name == name }
            }
            if dataIONames[middle] < name { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}
