// What the REPL asks of the interpreter: complete input, completion names, members, docs, `:why`.
import Testing
@testable import SummitKit

@Suite struct REPLSupportTests {
    let interpreter = Interpreter()

    @Test func incompleteInputs() {
        for source in ["(1 +", "[1, 2", "fn f() {", "\"abc", "1 +", "signed where", "if x {\n  1",
                       "try 1 / 0", "try 1 / 0 else", "try 1 / 0 else e =>", "xs[1:"] {
            #expect(!interpreter.isComplete(source), "\(source)")
        }
    }

    @Test func completeInputs() {
        for source in ["1 + 2", "fn f() { 1 }", "\"a\"", "let x = [1,\n2]", "print(", "1 +"].dropLast(2) {
            #expect(interpreter.isComplete(source), "\(source)")
        }
        // A syntax error that is not about running out of input is complete: it should be reported.
        #expect(interpreter.isComplete("let = 1"))
        #expect(interpreter.isComplete("try 1 / 0\nelse 2"))
    }

    @Test func namesForCompletion() throws {
        #expect(interpreter.globalNames.contains("France"))
        #expect(interpreter.globalNames.contains("count"))
        #expect(Interpreter.keywords.contains("where"))
        #expect(Interpreter.keywords.contains("try"))
        #expect(interpreter.stdlibModuleNames == ["sets", "stats"])
        try interpreter.eval("let mine = 1\nfn helper() = 2")
        #expect(interpreter.userDefinedNames == ["mine", "helper"])
    }

    @Test func membersOfAPath() {
        #expect(interpreter.memberNames(ofExpression: "Vance").contains("role"))
        #expect(interpreter.memberNames(ofExpression: "paris").contains("signed"))
        #expect(interpreter.memberNames(ofExpression: "print(1)").isEmpty)
        #expect(interpreter.memberNames(ofExpression: "nosuchname").isEmpty)
    }

    @Test func membersOfTheElementsOfAPath() {
        let members = interpreter.elementMemberNames(ofExpression: "signed")
        #expect(members.contains("region") && members.contains("iso2"))
        #expect(interpreter.elementMemberNames(ofExpression: "people").contains("role"))
        #expect(interpreter.elementMemberNames(ofExpression: "France").isEmpty)
        #expect(interpreter.elementMemberNames(ofExpression: "count(signed)").isEmpty)
    }

    @Test func everyKeywordHasADoc() {
        for keyword in Interpreter.keywords + ["it"] {
            let text = interpreter.doc(keyword)
            #expect(text != nil && text!.count > 10, "\(keyword)")
        }
        #expect(interpreter.doc("where")?.hasPrefix("xs where cond\n") == true)
    }

    @Test func helpTopicsListEveryBuiltinAndTheFacts() {
        let functions = interpreter.functionsByTopic.flatMap(\.names)
        for builtin in Builtin.core.map(\.name) + ["country", "confirmed", "search"] {
            #expect(functions.contains(builtin), "\(builtin)")
        }
        let modules = Dictionary(interpreter.stdlibFunctionsByModule.map { ($0.topic, $0.names) }) { a, _ in a }
        #expect(modules["import stats"]?.contains("median") == true)
        #expect(modules["import sets"]?.contains("jaccard") == true)
        let facts = Dictionary(interpreter.factsByTopic.map { ($0.topic, $0.names) }) { a, _ in a }
        #expect(facts["sets"]?.contains("signed") == true)
        #expect(facts["lists"]?.contains("quotes") == true)
        #expect(facts["country"]?.contains("France") == true)
        #expect(facts["country"]?.count == 249)
        #expect(facts["person"]?.contains("Vance") == true)
    }

    @Test func docOfAnEntityListsItsMembersAndSources() {
        let text = interpreter.doc("France") ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count > 3)
        #expect(lines[1].hasPrefix("a country; sources: "))
        #expect(lines.contains { $0.hasPrefix("region ") && $0.contains("Europe") && $0.contains("m49") })
    }

    @Test func docOfABuiltinAndAFact() {
        #expect(interpreter.doc("count")?.hasPrefix("count(x)") == true)
        #expect(interpreter.doc("signed")?.hasPrefix("signed: ") == true)
        #expect(interpreter.doc("nosuchname") == nil)
    }

    @Test func whyExplainsAMembership() throws {
        let text = try interpreter.why("FR in signed - [US, UK]")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "FR in signed - [US, UK] is true, because:")
        #expect(lines[1] == "  France is in signed - [US, UK]")
        #expect(lines[2] == "    France is in signed")
        #expect(lines[3].hasPrefix("      source: https://"))
        #expect(lines.contains("    France is not in [US, UK]"))
    }

    @Test func whyGivesTheSentenceOfARefusal() throws {
        let text = try interpreter.why("US in refused")
        #expect(text.hasPrefix("US in refused is true, because:\n  United States is in refused\n"))
        #expect(text.contains("except for the United States and the United Kingdom"))
    }

    @Test func whySaysTheAfricanUnionsCommissionSigned() throws {
        // g20 - signed lists the African Union, a G20 member; its Commission signed at Paris.
        let text = try interpreter.why("AfricanUnion in g20 - signed")
        #expect(text.contains("African Union is in g20\n"))
        #expect(text.contains("note: the African Union Commission (AUC), its executive, signed the Paris statement"))
    }

    @Test func whyExplainsASetResult() throws {
        let text = try interpreter.why("g7 - signed")
        #expect(text.hasPrefix("g7 - signed has 2 elements:\n  United Kingdom:\n"))
    }
}

@Suite struct LongBuiltinTests {
    @Test func aLongSortStopsAtTheTimeLimit() throws {
        let interpreter = Interpreter()
        let items = try interpreter.eval("reverse(range(3_000_000))")
        interpreter.define("items", items)
        interpreter.limits.timeout = 0.005
        #expect {
            try interpreter.eval("sort(items)")
        } throws: { error in
            (error as? SummitError)?.kind == .limit && (error as? SummitError)?.message.hasPrefix("time limit exceeded") == true
        }
        interpreter.limits.timeout = nil
        #expect(try interpreter.eval("count(items)") == 3_000_000)
    }
}
