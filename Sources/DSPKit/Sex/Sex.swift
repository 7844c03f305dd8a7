/// A speaker's sex as the audio models classify it (the two classes the training corpora label).
public enum Sex: String, Codable, Sendable, CaseIterable {
    case female = "F"
    case male = "M"

    /// Parses `F`/`M` (case-insensitive).
    public init?(code: String) {
        switch code.uppercased() {
        case "F": self = .female
        case "M": self = .male
        default: return nil
        }
    }
}
