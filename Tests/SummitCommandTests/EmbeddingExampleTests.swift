// The embedding example is a separate package that depends on SummitKit by path and uses only its
// public API: building it proves the API is public and complete enough, and running it checks that
// it still does what docs/embedding.md says.
import Foundation
import Testing

@Test("examples/embedding builds against SummitKit and prints expected.out", .timeLimit(.minutes(10)))
func embeddingExample() throws {
    let folder = Command.root.appendingPathComponent("examples/embedding")
    let scratch = Command.root.appendingPathComponent(".build-embedding")
    let build = Process()
    build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // Without manifest caching, a source file added to SummitKit since the last build is seen.
    build.arguments = ["swift", "build", "--package-path", folder.path, "--scratch-path", scratch.path,
                       "--disable-build-manifest-caching"]
    let log = Pipe()
    build.standardOutput = log
    build.standardError = log
    try build.run()
    let buildOutput = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    build.waitUntilExit()
    try #require(build.terminationStatus == 0, "swift build failed:\n\(buildOutput)")

    let example = Process()
    example.executableURL = scratch.appendingPathComponent("debug/EmbeddingExample")
    example.currentDirectoryURL = folder
    let out = Pipe(), err = Pipe()
    example.standardOutput = out
    example.standardError = err
    try example.run()
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    example.waitUntilExit()
    #expect(example.terminationStatus == 0, "stderr:\n\(stderr)")
    let expected = try String(contentsOf: folder.appendingPathComponent("expected.out"), encoding: .utf8)
    #expect(stdout == expected)
}
