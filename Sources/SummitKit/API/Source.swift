// Where a fact comes from. Every fact in the fact base carries at least one Source.

/// Where a fact comes from: a sentence of the article or a public address, with a confidence level.
public struct Source: Sendable, Hashable {
    /// How far a source can be trusted, on the scale of the project's research notes.
    public enum Confidence: String, Sendable, Hashable, CaseIterable {
        /// An official text, or two or more independent outlets that agree.
        case high
        /// Between high and medium: corroborated in part.
        case mediumHigh = "medium-high"
        /// One reliable outlet, or a secondary copy of an official text.
        case medium
        /// One weak source, or an inference.
        case low
        /// No source read so far confirms it.
        case unverified
    }

    /// Where to look: a public address (`https://...`) or a place in the article (`article, paragraph 2`).
    public var citation: String
    /// The words of the source that state the fact, when they are known.
    public var quote: String?
    /// How far the fact can be trusted.
    public var confidence: Confidence
    /// A remark on the fact: a disagreement between sources, a naming note.
    public var note: String?

    /// A source with a citation, and optionally the words that state the fact, a confidence and a note.
    public init(citation: String, quote: String? = nil, confidence: Confidence = .high, note: String? = nil) {
        self.citation = citation
        self.quote = quote
        self.confidence = confidence
        self.note = note
    }

    /// The source as a record, the way `source(x)` shows it.
    public var record: Record {
        var r = Record()
        if let quote { r["quote"] = .string(quote) }
        r["citation"] = .string(citation)
        r["confidence"] = .string(confidence.rawValue)
        if let note { r["note"] = .string(note) }
        return r
    }
}
