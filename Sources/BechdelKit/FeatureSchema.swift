import Foundation

/// Which columns of a film table become which features, learned once from the training table and stored in
/// the model file so that prediction needs only the model and a CSV. Numeric columns are used as they are;
/// categorical columns and `|`-separated lists become indicator features over a vocabulary of their frequent
/// values; free text becomes length and word-cue features (`TextCues`); share features `a / (a + b)` are
/// derived from pairs of numeric columns. The label and identifiers are never features.
public struct FeatureSchema: Equatable, Sendable {
    /// How a column is turned into features.
    public enum Kind: UInt8, Sendable {
        /// One feature, the number itself.
        case numeric = 0
        /// One indicator per vocabulary value (`name=value`); all NaN when the cell is empty.
        case categorical = 1
        /// Item count (`name#count`) and one indicator per vocabulary item (`name:item`); NaN when empty.
        case list = 2
        /// `TextCues` features; NaN when empty.
        case text = 3
    }

    /// One source column and how it is encoded.
    public struct Column: Equatable, Sendable {
        public var name: String
        public var kind: Kind
        /// Categorical values or list items, most frequent first (empty for numeric and text columns).
        public var vocabulary: [String]
        public init(name: String, kind: Kind, vocabulary: [String] = []) {
            self.name = name
            self.kind = kind
            self.vocabulary = vocabulary
        }
    }

    /// Source columns in feature order.
    public var columns: [Column]
    /// Derived shares over numeric columns (both must be numeric columns of this schema).
    public var shares: [SharePair]
    /// Column copied into predictions as the film identifier.
    public var idColumn: String
    /// Column holding the rating label, read when present.
    public var labelColumn: String
    /// Name of every feature, in encoding order.
    public private(set) var featureNames: [String]

    public init(columns: [Column], shares: [SharePair], idColumn: String, labelColumn: String) {
        self.columns = columns
        self.shares = shares
        self.idColumn = idColumn
        self.labelColumn = labelColumn
        var names: [String] = []
        for c in columns {
            switch c.kind {
            case .numeric: names.append(c.name)
            case .categorical: names += c.vocabulary.map { "\(c.name)=\($0)" }
            case .list: names.append("\(c.name)#count"); names += c.vocabulary.map { "\(c.name):\($0)" }
            case .text: names += TextCues.featureNames(c.name)
            }
        }
        names += shares.map { "share(\($0.numerator),\($0.other))" }
        self.featureNames = names
    }

    /// Number of features.
    public var featureCount: Int { featureNames.count }

    // MARK: - Learning

    /// Learns the schema from a training table: kinds of columns and vocabularies.
    public static func learn(from table: FilmTable, options: FeatureOptions = .init()) -> FeatureSchema {
        let excluded = Set(options.excludedColumns + [options.idColumn, options.labelColumn])
        var columns: [Column] = []
        for (ci, name) in table.columns.enumerated() where !excluded.contains(name) {
            var nonEmpty = 0, numeric = 0, hasBar = false, totalLength = 0
            var distinct = Set<String>()
            for row in table.rows {
                let cell = row[ci]
                if Self.isMissing(cell) { continue }
                nonEmpty += 1
                totalLength += cell.count
                if Self.number(cell) != nil { numeric += 1 }
                if cell.contains("|") { hasBar = true }
                distinct.insert(cell)
            }
            if nonEmpty == 0 { continue }
            if Double(numeric) >= options.numericFraction * Double(nonEmpty) {
                columns.append(Column(name: name, kind: .numeric))
            } else if hasBar {
                let vocab = vocabulary(table: table, column: ci, split: true, options: options,
                                       cap: options.maxListItems)
                columns.append(Column(name: name, kind: .list, vocabulary: vocab))
            } else if Double(distinct.count) > options.textDistinctFraction * Double(nonEmpty)
                        || Double(totalLength) / Double(nonEmpty) > options.textMinMeanLength {
                columns.append(Column(name: name, kind: .text))
            } else {
                let vocab = vocabulary(table: table, column: ci, split: false, options: options,
                                       cap: options.maxCategories)
                if !vocab.isEmpty { columns.append(Column(name: name, kind: .categorical, vocabulary: vocab)) }
            }
        }
        let numericNames = Set(columns.filter { $0.kind == .numeric }.map(\.name))
        let shares = options.sharePairs.filter { numericNames.contains($0.numerator) && numericNames.contains($0.other) }
        return FeatureSchema(columns: columns, shares: shares, idColumn: options.idColumn,
                             labelColumn: options.labelColumn)
    }

    /// Most frequent values (or list items) with at least `minItemCount` rows, ties by name.
    private static func vocabulary(table: FilmTable, column: Int, split: Bool, options: FeatureOptions,
                                   cap: Int) -> [String] {
        var counts: [String: Int] = [:]
        for row in table.rows {
            let cell = row[column]
            if isMissing(cell) { continue }
            if split {
                for item in Set(listItems(cell)) { counts[item, default: 0] += 1 }
            } else {
                counts[trimmed(cell), default: 0] += 1
            }
        }
        let kept = counts.filter { $0.value >= options.minItemCount }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return Array(kept.prefix(cap).map(\.key))
    }

    // MARK: - Cells

    /// Spellings of a missing value besides the empty cell (pandas, R and spreadsheet conventions).
    static let missingSpellings: Set<String> = ["NA", "N/A", "NaN", "nan", "null", "NULL", "None"]

    static func isMissing(_ cell: String) -> Bool {
        if cell.isEmpty { return true }
        if cell.utf8.count > 4 { let t = trimmed(cell); return t.isEmpty }
        let t = trimmed(cell)
        return t.isEmpty || missingSpellings.contains(t)
    }

    /// The cell without leading and trailing spaces and tabs (fast path when there are none).
    static func trimmed(_ cell: String) -> String {
        let u = cell.utf8
        guard let first = u.first, let last = u.last else { return cell }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return cell }
        return cell.trimmingCharacters(in: .whitespaces)
    }

    /// A finite decimal number ("12", "-0.5", "3e6"), or nil. Only digits, signs, the point and the exponent
    /// letter are accepted, as pandas and spreadsheets write numbers: the standard parser would also read
    /// hexadecimal ("0x10" as 16), and would stop at a NUL byte ("19\0abc" as 19).
    static func number(_ cell: String) -> Double? {
        let text = trimmed(cell)
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x45 || $0 == 0x65 }),
              let v = Double(text), v.isFinite else { return nil }
        return v
    }

    static func listItems(_ cell: String) -> [String] {
        cell.split(separator: "|").map { trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    // MARK: - Encoding

    /// Encodes a table. Columns the schema does not know are ignored; schema columns absent from the table
    /// are missing values. A cell of a numeric column that is not a number is an error naming the row and the
    /// column, or with `lenient` a missing value counted in `warningCount`; the same holds for the rating.
    public func encode(_ table: FilmTable, lenient: Bool = false) throws -> EncodedFilms {
        let index = Dictionary(table.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sources = columns.map { index[$0.name] }
        if !columns.isEmpty && sources.allSatisfy({ $0 == nil }) {
            throw FilmTableError.noKnownColumns(path: table.source)
        }
        let idIndex = index[idColumn]
        let labelIndex = index[labelColumn]
        // Feature index of each numeric column, for shares.
        var numericFeature: [String: Int] = [:]
        var offsets: [Int] = []
        var f = 0
        for c in columns {
            offsets.append(f)
            switch c.kind {
            case .numeric: numericFeature[c.name] = f; f += 1
            case .categorical: f += c.vocabulary.count
            case .list: f += 1 + c.vocabulary.count
            case .text: f += 5
            }
        }
        let shareBase = f
        let shareIndices = shares.map { (numericFeature[$0.numerator]!, numericFeature[$0.other]!) }
        let vocabIndex: [[String: Int]] = columns.map { c in
            Dictionary(c.vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        }
        let cols = featureCount
        let n = table.rows.count
        var values = [Float](repeating: .nan, count: n * cols)
        var ids: [String?] = []
        var ratings: [Int?] = []
        ids.reserveCapacity(n)
        ratings.reserveCapacity(n)
        var warnings = 0
        var firstWarning: String? = nil
        func warn(_ error: FilmTableError) throws {
            if !lenient { throw error }
            warnings += 1
            if firstWarning == nil { firstWarning = error.description }
        }
        for (r, row) in table.rows.enumerated() {
            let base = r * cols
            for (k, c) in columns.enumerated() {
                guard let ci = sources[k] else { continue }
                let cell = row[ci]
                if Self.isMissing(cell) { continue }
                let o = base + offsets[k]
                switch c.kind {
                case .numeric:
                    if let v = Self.number(cell) {
                        values[o] = Float(v)
                    } else {
                        try warn(.badNumber(path: table.source, row: FilmTable.rowNumber(r), column: c.name, value: cell))
                    }
                case .categorical:
                    let key = Self.trimmed(cell)
                    for j in 0..<c.vocabulary.count { values[o + j] = 0 }
                    if let j = vocabIndex[k][key] { values[o + j] = 1 }
                case .list:
                    let items = Self.listItems(cell)
                    values[o] = Float(items.count)
                    for j in 0..<c.vocabulary.count { values[o + 1 + j] = 0 }
                    for item in items { if let j = vocabIndex[k][item] { values[o + 1 + j] = 1 } }
                case .text:
                    let t = TextCues.features(cell)
                    values[o] = t.chars; values[o + 1] = t.words; values[o + 2] = t.female
                    values[o + 3] = t.male; values[o + 4] = t.share
                }
            }
            for (s, (a, b)) in shareIndices.enumerated() {
                let va = values[base + a], vb = values[base + b]
                let sum = va + vb
                if !va.isNaN && !vb.isNaN && sum != 0 { values[base + shareBase + s] = va / sum }
            }
            ids.append(idIndex.map { row[$0] }.flatMap { Self.isMissing($0) ? nil : $0 })
            var rating: Int? = nil
            if let li = labelIndex, !Self.isMissing(row[li]) {
                let t = Self.trimmed(row[li])
                if let v = Int(t), (0...3).contains(v) {
                    rating = v
                } else {
                    try warn(.badRating(path: table.source, row: FilmTable.rowNumber(r), column: labelColumn, value: row[li]))
                }
            }
            ratings.append(rating)
        }
        return EncodedFilms(rows: n, cols: cols, values: values, ids: ids, ratings: ratings,
                            warningCount: warnings, firstWarning: firstWarning)
    }
}
