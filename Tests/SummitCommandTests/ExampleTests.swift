// The examples a newcomer runs first: each `examples/NAME.summit` must print `examples/NAME.out`.
import Foundation
import Testing

@Test("examples", arguments: ["tour", "set_comparisons", "queries", "functions", "statistics", "my_countries", "my_countries_pictures"])
func example(_ name: String) throws {
    let folder = Command.root.appendingPathComponent("examples")
    let result = try Command.run([name + ".summit"], in: folder)
    let expected = try String(contentsOf: folder.appendingPathComponent(name + ".out"), encoding: .utf8)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == expected)
}
