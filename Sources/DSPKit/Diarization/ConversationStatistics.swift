/// Who hands the floor to whom, by sex, and how long women talk with each other without a man: the audio
/// side of the Bechdel test's second criterion ("two women who talk to each other").
///
/// Definitions (docs/CONVERSATION.md): the turns of the counted speakers are taken in order of their start
/// (ties: the earlier end first). The floor passes from turn a to the next turn b when b's speaker differs from
/// a's and b starts at most `maximumGap` seconds after a ends (an overlap counts: it starts before a ends); each
/// pass counts once under (sex of a, sex of b). A women-to-women conversation is a maximal run of consecutive
/// turns, each starting at most `maximumGap` after the run so far ends, all by women, holding at least two
/// different women; its time runs from the first turn's start to the run's end. A man's turn ends the run.
public struct ConversationStatistics: Equatable, Sendable {
    /// Floor passes F→F, F→M, M→F, M→M.
    public var femaleToFemale = 0, femaleToMale = 0, maleToFemale = 0, maleToMale = 0
    /// Total time of women-to-women conversations, seconds.
    public var womenConversationSeconds = 0.0
    /// Number of women-to-women conversations.
    public var womenConversations = 0

    /// Longest silence between two turns still counted as a reply, seconds. 2.
    public static let maximumGap = 2.0

    public init() {}

    /// The statistics of `turns` whose speakers have the sexes in `sexes` (turns of other speakers are ignored).
    public init(turns: [CountResult.Turn], sexes: [String: Sex], maximumGap: Double = ConversationStatistics.maximumGap) {
        self.init()
        let ordered = turns.filter { sexes[$0.speaker] != nil }
            .sorted { ($0.start, $0.end, $0.speaker) < ($1.start, $1.end, $1.speaker) }
        var previous: CountResult.Turn? = nil
        var run: (start: Double, end: Double, women: Set<String>)? = nil
        func closeRun() {
            if let r = run, r.women.count >= 2 {
                womenConversationSeconds += r.end - r.start
                womenConversations += 1
            }
            run = nil
        }
        for turn in ordered {
            let sex = sexes[turn.speaker]!
            if let p = previous, p.speaker != turn.speaker, turn.start - p.end <= maximumGap {
                switch (sexes[p.speaker]!, sex) {
                case (.female, .female): femaleToFemale += 1
                case (.female, .male): femaleToMale += 1
                case (.male, .female): maleToFemale += 1
                case (.male, .male): maleToMale += 1
                }
            }
            if sex == .female {
                if var r = run, turn.start - r.end <= maximumGap {
                    r.end = max(r.end, turn.end)
                    r.women.insert(turn.speaker)
                    run = r
                } else {
                    closeRun()
                    run = (turn.start, turn.end, [turn.speaker])
                }
            } else {
                closeRun()
            }
            previous = turn
        }
        closeRun()
    }
}
