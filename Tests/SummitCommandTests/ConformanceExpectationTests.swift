// The reader and the matcher of the conformance suite's inline expectations: a wrong expectation
// must fail, at the line of its marker, so that no case can pass by being misread.
import Testing

@Suite("inline expectations of conformance cases")
struct ConformanceExpectationTests {
    @Test("markers are read in the order of the file, on a line of code or on their own")
    func reading() throws {
        let source = """
            print(60)  # expect: 60
            print("a\\nb")
            # expect: a
            # expect: b
            print("")  # expect:
            print("  x")  # expect:   x
            let x = regoin  # error: 7:9: unknown name 'regoin'
            # error: helpers/m.summit:2:3: no such thing: here
            # exit: 70
            """
        let inline = try InlineExpectations.parse(source)
        #expect(inline.output.map(\.text) == ["60", "a", "b", "", "  x"])
        #expect(inline.output.map(\.line) == [1, 3, 4, 5, 6])
        #expect(inline.errors == [
            .init(file: nil, line: 7, column: 9, message: "unknown name 'regoin'", markerLine: 7),
            .init(file: "helpers/m.summit", line: 2, column: 3, message: "no such thing: here", markerLine: 8),
        ])
        #expect(inline.exit?.status == 70 && inline.exit?.line == 9)
        #expect(try InlineExpectations.parse("print(1)\n# a comment\n").isEmpty)
    }

    @Test("a marker that cannot be read is an error at its line", arguments: [
        ("print(1)\n# error: unknown name\n# exit: 70\n", 2),
        ("# error: 1:2 no colon after the column\n# exit: 70\n", 1),
        ("x  # error: 1:1: an error without a status\n", 1),
        ("# exit: seventy\n", 1),
        ("# exit: 1\n# exit: 2\n", 2),
    ])
    func malformed(source: String, line: Int) {
        #expect(throws: InlineExpectations.Malformed.self) { try InlineExpectations.parse(source) }
        do { _ = try InlineExpectations.parse(source) } catch { #expect(error.line == line) }
    }

    let source = """
        print(1)  # expect: 1
        print(2)  # expect: 2
        print(x)  # error: 3:7: unknown name 'x'
        # exit: 70
        """
    let stderr = """
        c.summit:3:7: error: unknown name 'x'
        print(x)
              ^

        """

    @Test("a run that agrees has no mismatch")
    func agreeing() throws {
        let inline = try InlineExpectations.parse(source)
        #expect(inline.mismatches(caseFile: "c.summit", stdout: "1\n2\n", stderr: stderr, status: 70) == [])
    }

    @Test("every disagreement is reported at the line of its marker", arguments: [
        ("1\n3\n", 70, "c.summit:2: expected output '2', got '3'"),
        ("1\n", 70, "c.summit:2: expected output '2', but the output ended after 1 lines"),
        ("1\n2\n2\n", 70, "c.summit:2: 1 more output lines than expected: '2'"),
        ("1\n2", 70, "c.summit:2: the output does not end with a line break"),
        ("1\n2\n", 65, "c.summit:4: expected exit status 70, got 65"),
    ])
    func disagreeing(stdout: String, status: Int32, problem: String) throws {
        let inline = try InlineExpectations.parse(source)
        #expect(inline.mismatches(caseFile: "c.summit", stdout: stdout, stderr: stderr, status: status) == [problem])
    }

    @Test("a diagnostic must match in file, place and message, and none may be left over")
    func diagnostics() throws {
        let inline = try InlineExpectations.parse(source)
        func problems(_ stderr: String) -> [String] {
            inline.mismatches(caseFile: "c.summit", stdout: "1\n2\n", stderr: stderr, status: 70)
        }
        #expect(problems("c.summit:3:8: error: unknown name 'x'\n") ==
                ["c.summit:3: expected the diagnostic 'c.summit:3:7: error: unknown name 'x'', got 'c.summit:3:8: error: unknown name 'x''"])
        #expect(problems("d.summit:3:7: error: unknown name 'x'\n").count == 1)
        #expect(problems("c.summit:3:7: error: unknown name 'y'\n").count == 1)
        #expect(problems("") == ["c.summit:3: expected the diagnostic 'c.summit:3:7: error: unknown name 'x'', but there are only 0"])
        #expect(problems(stderr + "c.summit:9:1: error: another\n") ==
                ["c.summit:3: 1 more diagnostics than expected, first 'c.summit:9:1: error: another'"])
        #expect(problems("Fatal error: crashed\n" + stderr) ==
                ["c.summit:3: standard error has a line that begins no diagnostic: 'Fatal error: crashed'"])
        // A case that expects nothing: no output, no diagnostic, status 0.
        let nothing = try InlineExpectations.parse("let x = 1\n")
        #expect(nothing.mismatches(caseFile: "c.summit", stdout: "", stderr: "", status: 0) == [])
        #expect(nothing.mismatches(caseFile: "c.summit", stdout: "", stderr: "", status: 1).count == 1)
        #expect(nothing.mismatches(caseFile: "c.summit", stdout: "", stderr: stderr, status: 0).count == 1)
    }
}
