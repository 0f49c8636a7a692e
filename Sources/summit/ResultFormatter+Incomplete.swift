// The line under a table of an incomplete set: the table lists names, so the marks that the set's
// one-line display carries (`Italy?`, "may miss members") are said here instead.
import SummitKit

extension ResultFormatter {
    /// For an incomplete set, a line saying how it is incomplete and which rows may not be members;
    /// nothing for any other value.
    func incompleteLegend(_ value: Value) -> String {
        guard case .set(let set) = value, let incompleteness = set.incompleteness else { return "" }
        var line = "incomplete: " + incompleteness.summary
        if incompleteness.mayHoldNonMembers {
            line = "incomplete: may hold non-members: " + incompleteness.uncertain.sorted.map(\.description).joined(separator: ", ")
        }
        if let reported = incompleteness.reportedCount { line += "; \(set.count) named of \(reported) reported" }
        return paint(line, .dim) + "\n"
    }
}
