// The data built-ins are bound when a program first uses their names: before that they are still
// listed among the globals, in one place, and once used they are not the user's definitions.
import Testing
@testable import SummitKit

@Suite struct DataBuiltinTests {
    @Test func theNamesListIsTheBuiltins() {
        #expect(Builtin.dataIONames == Builtin.dataIO.map(\.name).sorted())
        #expect(Set(Builtin.dataIONames).isDisjoint(with: Builtin.core.map(\.name)))
    }

    @Test func listedBeforeTheFactsWhetherUsedOrNot() throws {
        let interpreter = Interpreter()
        let names = interpreter.globalNames
        #expect(names.count == Set(names).count)
        for name in Builtin.dataIONames { #expect(names.contains(name), "\(name)") }
        #expect(Array(names.suffix(Facts.builtin.names.count)) == Facts.builtin.names)
        #expect(try interpreter.eval(#"format(1234, ",d")"#) == "1,234")
        #expect(interpreter.globalNames == names)
        #expect(interpreter.userDefinedNames == [])
        try interpreter.eval("let write = 2")
        #expect(interpreter.userDefinedNames == ["write"])
        #expect(interpreter.globalNames.filter { $0 == "write" }.count == 1)
        #expect(interpreter["write"] == 2)
        #expect(interpreter["to_csv"]?.functionValue != nil)
    }

    @Test func withoutFacts() throws {
        let interpreter = Interpreter(facts: .none)
        #expect(interpreter.globalNames.contains("read_csv"))
        #expect(try interpreter.eval(#"to_json([1, nil])"#) == "[1, null]")
    }
}
