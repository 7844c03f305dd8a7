import Foundation

/// What `bechdelcli count` found in a soundtrack: the speakers of each sex, how long and when each spoke,
/// and the speech turns. Speakers with too little speech to be trusted are kept apart as uncounted
/// (never silently merged into others or dropped), so analysts can see them.
public struct CountResult: Equatable, Sendable {
    /// One speaker found in the soundtrack.
    public struct Speaker: Equatable, Sendable {
        /// Label carrying the sex: `F1`, `M3` (counted) or `uF1`, `uM1` (uncounted), numbered by first appearance.
        public var label: String
        public var sex: Sex
        /// Confidence of the sex decision, 0.5…1.
        public var confidence: Double
        /// Total speech attributed to the speaker, seconds.
        public var speakingTime: Double
        /// Start of the speaker's first turn, seconds.
        public var firstAppearance: Double
        /// End of the speaker's last turn, seconds.
        public var lastAppearance: Double

        public init(label: String, sex: Sex, confidence: Double, speakingTime: Double, firstAppearance: Double,
                    lastAppearance: Double) {
            self.label = label
            self.sex = sex
            self.confidence = confidence
            self.speakingTime = speakingTime
            self.firstAppearance = firstAppearance
            self.lastAppearance = lastAppearance
        }
    }

    /// One contiguous stretch of speech by one speaker.
    public struct Turn: Equatable, Sendable {
        /// Start, seconds.
        public var start: Double
        /// End, seconds.
        public var end: Double
        /// Speaker label (as in `Speaker.label`).
        public var speaker: String
        public var duration: Double { end - start }

        public init(start: Double, end: Double, speaker: String) {
            self.start = start
            self.end = end
            self.speaker = speaker
        }
    }

    /// Counted speakers, in order of first appearance.
    public var speakers: [Speaker]
    /// Speakers with less total speech than `DiarizationOptions.minimumSpeech`.
    public var uncounted: [Speaker]

    /// Every speaker with whether it is counted: the counted ones first, then the uncounted (the order of the
    /// results store's speaker numbers and of the report's lanes).
    public var everySpeaker: [(speaker: Speaker, counted: Bool)] {
        speakers.map { ($0, true) } + uncounted.map { ($0, false) }
    }
    /// Speech turns of every speaker (counted or not), in time order.
    public var turns: [Turn]
    /// Length of the soundtrack, seconds.
    public var duration: Double

    public init(speakers: [Speaker], uncounted: [Speaker], turns: [Turn], duration: Double) {
        self.speakers = speakers
        self.uncounted = uncounted
        self.turns = turns
        self.duration = duration
    }

    /// Builds the result from diarization output: frame `segments` with cluster `labels`, and one
    /// (sex, confidence) per cluster. Adjacent segments of the same cluster become one turn. `overlapSegments`
    /// are extra stretches where a cluster also speaks over another (`OverlapAssignment`): they count in its
    /// turns and speaking time but not in deciding whether it has enough speech to be counted.
    public init(segments: [Range<Int>], labels: [Int], overlapSegments: [(Range<Int>, Int)] = [],
                clusterSexes: [(sex: Sex, confidence: Double)], duration: Double, options: DiarizationOptions) {
        precondition(segments.count == labels.count, "one label per segment")
        let clusterCount = clusterSexes.count
        var own = [Double](repeating: 0, count: clusterCount)
        for (s, c) in zip(segments, labels) { own[c] += options.seconds(s.count) }
        let segments = segments + overlapSegments.map(\.0), labels = labels + overlapSegments.map(\.1)
        var time = [Double](repeating: 0, count: clusterCount)
        var first = [Double](repeating: .infinity, count: clusterCount)
        var last = [Double](repeating: 0, count: clusterCount)
        let order = segments.indices.sorted { segments[$0].lowerBound != segments[$1].lowerBound ? segments[$0].lowerBound < segments[$1].lowerBound : $0 < $1 }
        for i in order {
            let c = labels[i]
            let s = options.seconds(segments[i].lowerBound), e = options.seconds(segments[i].upperBound)
            time[c] += e - s
            first[c] = min(first[c], s)
            last[c] = max(last[c], e)
        }
        // Number speakers by first appearance, separately for counted and uncounted, per sex.
        let byAppearance = (0..<clusterCount).filter { time[$0] > 0 }.sorted { first[$0] != first[$1] ? first[$0] < first[$1] : $0 < $1 }
        var names = [String](repeating: "", count: clusterCount)
        var speakers: [Speaker] = [], uncounted: [Speaker] = []
        var numbers: [String: Int] = [:]
        for c in byAppearance {
            let counted = own[c] >= options.minimumSpeech
            let prefix = (counted ? "" : "u") + clusterSexes[c].sex.rawValue
            numbers[prefix, default: 0] += 1
            names[c] = prefix + String(numbers[prefix]!)
            let speaker = Speaker(label: names[c], sex: clusterSexes[c].sex, confidence: clusterSexes[c].confidence,
                                  speakingTime: time[c], firstAppearance: first[c], lastAppearance: last[c])
            if counted { speakers.append(speaker) } else { uncounted.append(speaker) }
        }
        var turns: [Turn] = []
        var previousEndFrame = -1
        for i in order {
            let name = names[labels[i]]
            if let lastTurn = turns.last, lastTurn.speaker == name, previousEndFrame == segments[i].lowerBound {
                turns[turns.count - 1].end = options.seconds(segments[i].upperBound)
            } else {
                turns.append(Turn(start: options.seconds(segments[i].lowerBound), end: options.seconds(segments[i].upperBound), speaker: name))
            }
            previousEndFrame = segments[i].upperBound
        }
        self.init(speakers: speakers, uncounted: uncounted, turns: turns, duration: duration)
    }

    /// Counted speakers of one sex.
    public func count(_ sex: Sex) -> Int { speakers.filter { $0.sex == sex }.count }

    /// Total speech of counted and uncounted speakers of one sex, seconds.
    public func speakingTime(_ sex: Sex) -> Double {
        (speakers + uncounted).filter { $0.sex == sex }.reduce(0) { $0 + $1.speakingTime }
    }

    /// Floor passes by sex and women-to-women conversation time among the counted speakers
    /// (`ConversationStatistics`).
    public var conversation: ConversationStatistics {
        ConversationStatistics(turns: turns, sexes: Dictionary(uniqueKeysWithValues: speakers.map { ($0.label, $0.sex) }))
    }

    /// The default output of `bechdelcli count`: `{"M": 5, "F": 2}` (keys in that order).
    public var countsJSON: String { "{\"M\": \(count(.male)), \"F\": \(count(.female))}" }

    /// Every detail as JSON with a fixed key order and fixed decimals (byte-identical across runs).
    public var detailsJSON: String {
        func number(_ x: Double) -> String { String(format: "%.2f", x) }
        func speakerJSON(_ s: Speaker) -> String {
            "{\"label\": \"\(s.label)\", \"sex\": \"\(s.sex.rawValue)\", \"confidence\": \(String(format: "%.3f", s.confidence)), "
                + "\"speaking_time\": \(number(s.speakingTime)), \"first_appearance\": \(number(s.firstAppearance)), "
                + "\"last_appearance\": \(number(s.lastAppearance))}"
        }
        func list(_ items: [Speaker]) -> String {
            items.isEmpty ? "[]" : "[\n" + items.map { "    " + speakerJSON($0) }.joined(separator: ",\n") + "\n  ]"
        }
        let speech = speakingTime(.male) + speakingTime(.female)
        let c = conversation
        return """
        {
          "M": \(count(.male)),
          "F": \(count(.female)),
          "duration": \(number(duration)),
          "speech": \(number(speech)),
          "speaking_time": {"M": \(number(speakingTime(.male))), "F": \(number(speakingTime(.female)))},
          "exchanges": {"F->F": \(c.femaleToFemale), "F->M": \(c.femaleToMale), "M->F": \(c.maleToFemale), "M->M": \(c.maleToMale)},
          "women_conversation": {"seconds": \(number(c.womenConversationSeconds)), "stretches": \(c.womenConversations)},
          "speakers": \(list(speakers)),
          "uncounted": \(list(uncounted))
        }
        """
    }
}
