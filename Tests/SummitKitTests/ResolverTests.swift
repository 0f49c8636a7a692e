// The resolver (Compiler/Resolver.swift) decides where every name lives before the compiler runs:
// these tests state its decisions for a program that has each kind of place.
import Testing
@testable import SummitKit

@Suite struct ResolverTests {
    static let program = """
        fn outer(a, b) {
            let c = 1
            let d = 2
            fn middle() {
                fn inner() { a + c }
                inner()
            }
            for i in [1] { let e = i }
            let f = b + d
            middle()
        }
        outer(1, 2)
        for n in [1, 2] { print([3] where it > n) }
        """

    let resolution: Resolution = {
        var parser = Parser(SourceFile(name: "test", text: ResolverTests.program))
        return Resolver.resolve(parser.parseProgram())
    }()

    /// The offset of the `occurrence`th (from 1) appearance of `word` in the program.
    func offset(_ word: String, _ occurrence: Int = 1) -> Int {
        let text = ResolverTests.program
        var from = text.startIndex
        var found = text.startIndex
        for _ in 0..<occurrence {
            found = text.range(of: word, range: from..<text.endIndex)!.lowerBound
            from = text.index(after: found)
        }
        return text.utf8.distance(from: text.startIndex, to: found)
    }

    func use(_ word: String, _ occurrence: Int) -> NameUse { resolution.use(at: offset(word, occurrence))! }

    func place(_ word: String, _ occurrence: Int = 1) -> String { "\(resolution.place(ofDeclaration: offset(word, occurrence))!)" }

    func captures(_ function: String) -> [String] {
        resolution.function(at: offset(function))!.captures.map { source in
            switch source {
            case .box(let i): "box \(i)"
            case .capture(let i): "capture \(i)"
            }
        }
    }

    @Test func localsTakeSlotsAndCapturedOnesBoxes() {
        // `a` and `c` are used by `inner`, so they live in boxes; the rest in slots, parameters
        // first, and a scope's slots are free again after it (`f` takes `i`'s).
        #expect(place("a") == "box(0)")
        #expect(place("b") == "slot(1)")
        #expect(place("c =") == "box(1)")
        #expect(place("d =") == "slot(2)")
        #expect(place("fn middle") == "slot(3)")
        #expect(place("i in") == "slot(4)")
        #expect(place("e =") == "slot(5)")
        #expect(place("f =") == "slot(4)")
        let outer = resolution.function(at: offset("fn outer"))!
        #expect(outer.frameSize == 6)
        #expect(outer.boxCount == 2)
        #expect(outer.parameterBoxes.map { "\($0.parameter) \($0.box)" } == ["0 0"])
    }

    @Test func capturesGoThroughEveryFunctionBetween() {
        // `inner` reaches `a` and `c` through `middle`, which captures them for it.
        #expect(captures("fn middle") == ["box 0", "box 1"])
        #expect(captures("fn inner") == ["capture 0", "capture 1"])
        let a = use("a +", 1)
        #expect("\(a.place)" == "capture(0)")
        #expect(!a.isOwnLocal && a.isParameter)
        let b = use("b +", 1)
        #expect("\(b.place)" == "slot(1)")
        #expect(b.isOwnLocal && b.isParameter)
    }

    @Test func globalsAndPredicates() {
        // Top-level bindings and functions are globals; the chunk's loops have a frame of their own.
        #expect(resolution.use(at: offset("outer(1")) == nil)
        #expect(resolution.place(ofDeclaration: offset("fn outer")) == nil)
        #expect(resolution.chunk.frameSize == 2)  // `n` and the predicate's `it`
        let it = use("it >", 1)
        #expect(it.isOwnLocal && it.boundInPredicate)
        let n = use("n)", 1)
        #expect(n.isOwnLocal && !n.boundInPredicate)
    }
}
