/// Cheap cues from free text (overview, tagline): length, word count, and how many words refer to women
/// or to men. Films whose synopsis talks about "her", "mother", "sisters" tend to have named women who talk.
/// The word lists are part of the model format: changing them changes what a stored model means.
public enum TextCues {
    /// Words that refer to women (lower case).
    public static let femaleWords: Set<String> = [
        "she", "her", "hers", "herself", "woman", "women", "girl", "girls", "mother", "mothers", "daughter",
        "daughters", "wife", "wives", "sister", "sisters", "queen", "princess", "lady", "ladies", "girlfriend",
        "bride", "widow", "mom", "mum", "actress", "heroine", "female", "aunt", "grandmother", "niece", "mrs",
        "miss", "ms", "housewife", "waitress", "nun", "witch", "feminist", "pregnant", "lesbian",
    ]
    /// Words that refer to men (lower case).
    public static let maleWords: Set<String> = [
        "he", "him", "his", "himself", "man", "men", "boy", "boys", "father", "fathers", "son", "sons",
        "husband", "husbands", "brother", "brothers", "king", "prince", "gentleman", "boyfriend", "groom",
        "dad", "hero", "male", "uncle", "grandfather", "nephew", "mr", "guy", "guys", "soldier", "soldiers",
        "cop", "gangster", "priest",
    ]

    /// Features of one text cell: characters, words, female words, male words, female share of the cue words
    /// (NaN when there are none).
    public static func features(_ text: String) -> (chars: Float, words: Float, female: Float, male: Float, share: Float) {
        var words = 0, female = 0, male = 0
        var current = ""
        func flush() {
            if current.isEmpty { return }
            words += 1
            if femaleWords.contains(current) { female += 1 } else if maleWords.contains(current) { male += 1 }
            current.removeAll(keepingCapacity: true)
        }
        for ch in text.lowercased() {
            if ch.isLetter { current.append(ch) } else { flush() }
        }
        flush()
        let cues = female + male
        return (Float(text.count), Float(words), Float(female), Float(male),
                cues > 0 ? Float(female) / Float(cues) : .nan)
    }

    /// Names of the five features of a text column, in `features` order.
    public static func featureNames(_ column: String) -> [String] {
        ["\(column)#chars", "\(column)#words", "\(column)#female_words", "\(column)#male_words",
         "\(column)#female_share"]
    }
}
