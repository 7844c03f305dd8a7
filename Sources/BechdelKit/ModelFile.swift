import BoundedFiles
import Foundation

/// The flat binary model file (`.bdt`): header with magic, version, payload length and FNV-1a 64 checksum,
/// then the feature schema and the trees as flat little-endian arrays. Loading validates every size, index and
/// value before building the model, so any corrupt or truncated file is a `ModelFileError`.
/// The layout is documented in docs/MODEL_FORMAT.md.
public enum ModelFile {
    /// First 8 bytes of every model file.
    public static let magic: [UInt8] = Array("BDTMODEL".utf8)
    /// Format version written by this build.
    public static let version: UInt32 = 1
    /// Header size in bytes: magic, version, flags, payload length, checksum.
    public static let headerSize = 32
    /// Upper bounds that keep a hostile file from requesting huge allocations.
    static let maxClasses = 64, maxColumns = 100_000, maxVocabulary = 100_000, maxTrees = 1_000_000
    /// Largest model file read, bytes (the shipped model is under 1 MB): 1 GiB.
    public static let maximumFileBytes = 1 << 30
    static let maxNodes = 1 << 24

    /// Serialises a model.
    public static func encode(_ model: BechdelModel) -> [UInt8] {
        var p = ByteWriter()
        let schema = model.schema
        p.string(schema.idColumn)
        p.string(schema.labelColumn)
        p.u32(UInt32(schema.columns.count))
        for c in schema.columns {
            p.string(c.name)
            p.u8(c.kind.rawValue)
            p.u32(UInt32(c.vocabulary.count))
            for v in c.vocabulary { p.string(v) }
        }
        p.u32(UInt32(schema.shares.count))
        for s in schema.shares { p.string(s.numerator); p.string(s.other) }
        p.u32(UInt32(schema.featureCount))
        let e = model.ensemble
        p.u32(UInt32(e.classCount))
        for v in e.baseScores { p.f32(v) }
        for v in model.classWeights { p.f32(v) }
        p.u32(UInt32(e.trees.count))
        for t in e.trees {
            p.u32(UInt32(t.nodeCount))
            for v in t.feature { p.i32(v) }
            for v in t.threshold { p.f32(v) }
            for v in t.left { p.i32(v) }
            for v in t.right { p.i32(v) }
            for v in t.defaultLeft { p.u8(v ? 1 : 0) }
            for v in t.value { p.f32(v) }
            for v in t.cover { p.f32(v) }
        }
        p.string(model.notes)
        var h = ByteWriter()
        h.append(magic)
        h.u32(version)
        h.u32(0)
        h.u64(UInt64(p.bytes.count))
        h.u64(FNV1a64.hash(p.bytes[...]))
        h.append(p.bytes)
        return h.bytes
    }

    /// Writes a model file atomically (temporary file then rename).
    public static func write(_ model: BechdelModel, to path: String) throws {
        let data = Data(encode(model))
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ModelFileError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Reads and validates a model file.
    public static func read(path: String) throws -> BechdelModel {
        let data = try WholeFile.read(path, limit: Int64(maximumFileBytes)) { ModelFileError.cannotRead(path: path, reason: $0) }
        return try decode([UInt8](data), path: path)
    }

    /// Parses and validates model bytes; `path` names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> BechdelModel {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            if bytes.count < magic.count && bytes == Array(magic.prefix(bytes.count)) {
                throw ModelFileError.truncated(path: path, expected: headerSize, found: bytes.count)
            }
            throw ModelFileError.badMagic(path: path)
        }
        guard bytes.count >= headerSize else {
            throw ModelFileError.truncated(path: path, expected: headerSize, found: bytes.count)
        }
        var h = ByteReader(bytes: bytes, path: path, position: magic.count)
        let fileVersion = try h.u32("version")
        guard fileVersion == version else { throw ModelFileError.unsupportedVersion(path: path, version: fileVersion) }
        let flags = try h.u32("flags")
        let length = try h.u64("payload length")
        let checksum = try h.u64("checksum")
        guard length <= UInt64(Int32.max) else { throw ModelFileError.corrupt(path: path, problem: "payload length \(length)") }
        let expected = headerSize + Int(length)
        if bytes.count < expected { throw ModelFileError.truncated(path: path, expected: expected, found: bytes.count) }
        if bytes.count > expected { throw ModelFileError.trailingBytes(path: path, extra: bytes.count - expected) }
        guard FNV1a64.hash(bytes[headerSize...]) == checksum else { throw ModelFileError.checksumMismatch(path: path) }
        guard flags == 0 else { throw ModelFileError.corrupt(path: path, problem: "unknown flags \(flags)") }

        var r = ByteReader(bytes: bytes, path: path, position: headerSize)
        let idColumn = try r.string("id column")
        let labelColumn = try r.string("label column")
        let columnCount = try r.count("column count", itemSize: 9, limit: maxColumns)
        var columns: [FeatureSchema.Column] = []
        var names = Set<String>()
        for i in 0..<columnCount {
            let name = try r.string("column \(i) name")
            guard names.insert(name).inserted else { throw r.fail("column \(name) appears twice") }
            let rawKind = try r.u8("column \(name) kind")
            guard let kind = FeatureSchema.Kind(rawValue: rawKind) else { throw r.fail("column \(name): unknown kind \(rawKind)") }
            let vocabCount = try r.count("column \(name) vocabulary size", itemSize: 4, limit: maxVocabulary)
            var vocab: [String] = []
            for j in 0..<vocabCount { vocab.append(try r.string("column \(name) value \(j)")) }
            if (kind == .numeric || kind == .text) && !vocab.isEmpty {
                throw r.fail("column \(name): a \(kind) column has a vocabulary")
            }
            columns.append(FeatureSchema.Column(name: name, kind: kind, vocabulary: vocab))
        }
        let shareCount = try r.count("share count", itemSize: 8, limit: maxColumns)
        let numeric = Set(columns.filter { $0.kind == .numeric }.map(\.name))
        var shares: [SharePair] = []
        for i in 0..<shareCount {
            let a = try r.string("share \(i) numerator"), b = try r.string("share \(i) other")
            guard numeric.contains(a), numeric.contains(b) else { throw r.fail("share \(i) refers to a non-numeric column") }
            shares.append(SharePair(numerator: a, other: b))
        }
        let schema = FeatureSchema(columns: columns, shares: shares, idColumn: idColumn, labelColumn: labelColumn)
        let featureCount = Int(try r.u32("feature count"))
        guard featureCount == schema.featureCount else {
            throw r.fail("feature count \(featureCount) does not match the schema's \(schema.featureCount)")
        }
        let classCount = Int(try r.u32("class count"))
        guard (1...maxClasses).contains(classCount) else { throw r.fail("class count \(classCount)") }
        let baseScores = try r.floats(classCount, "base scores")
        let weights = try r.floats(classCount, "class weights")
        guard baseScores.allSatisfy(\.isFinite) else { throw r.fail("non-finite base score") }
        guard weights.allSatisfy({ $0.isFinite && $0 > 0 }) else { throw r.fail("class weights must be finite and positive") }
        let treeCount = try r.count("tree count", itemSize: 4 + 25, limit: maxTrees)
        guard treeCount % classCount == 0 else { throw r.fail("tree count \(treeCount) is not a multiple of \(classCount) classes") }
        var trees: [RegressionTree] = []
        trees.reserveCapacity(treeCount)
        for t in 0..<treeCount {
            let n = try r.count("tree \(t) node count", itemSize: 25, limit: maxNodes)
            guard n >= 1 else { throw r.fail("tree \(t) has no nodes") }
            let feature = try r.int32s(n, "tree \(t) features")
            let threshold = try r.floats(n, "tree \(t) thresholds")
            let left = try r.int32s(n, "tree \(t) left children")
            let right = try r.int32s(n, "tree \(t) right children")
            var defaultLeft = [Bool]()
            defaultLeft.reserveCapacity(n)
            for _ in 0..<n {
                let b = try r.u8("tree \(t) default directions")
                guard b <= 1 else { throw r.fail("tree \(t): default direction byte \(b)") }
                defaultLeft.append(b == 1)
            }
            let value = try r.floats(n, "tree \(t) values")
            let cover = try r.floats(n, "tree \(t) covers")
            let tree = RegressionTree(feature: feature, threshold: threshold, left: left, right: right,
                                      defaultLeft: defaultLeft, value: value, cover: cover)
            if let problem = validate(tree, featureCount: featureCount) { throw r.fail("tree \(t): \(problem)") }
            trees.append(tree)
        }
        let notes = try r.string("notes")
        guard r.atEnd else { throw r.fail("\(r.remaining) unread bytes at the end of the payload") }
        return BechdelModel(schema: schema,
                            ensemble: TreeEnsemble(classCount: classCount, baseScores: baseScores, trees: trees),
                            classWeights: weights, notes: notes)
    }

    /// Structural check of one tree: children come after their parent and are in range (so walks end),
    /// every non-root node has exactly one parent, leaves are marked consistently, values are finite.
    /// Returns the first problem found, or nil.
    public static func validate(_ t: RegressionTree, featureCount: Int) -> String? {
        let n = t.feature.count
        guard n >= 1, t.threshold.count == n, t.left.count == n, t.right.count == n, t.defaultLeft.count == n,
              t.value.count == n, t.cover.count == n else { return "array lengths differ" }
        var parents = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            guard t.value[i].isFinite else { return "node \(i): non-finite value" }
            guard t.cover[i].isFinite, t.cover[i] >= 0 else { return "node \(i): bad cover" }
            let f = Int(t.feature[i])
            if f == -1 {
                guard t.left[i] == -1, t.right[i] == -1 else { return "leaf \(i) has children" }
                continue
            }
            guard f >= 0, f < featureCount else { return "node \(i): feature \(f) out of range 0..<\(featureCount)" }
            guard !t.threshold[i].isNaN else { return "node \(i): NaN threshold" }
            let l = Int(t.left[i]), rr = Int(t.right[i])
            guard l > i, l < n, rr > i, rr < n, l != rr else { return "node \(i): child index out of range" }
            parents[l] += 1
            parents[rr] += 1
            guard parents[l] == 1, parents[rr] == 1 else { return "node \(i): a child has two parents" }
        }
        for i in 1..<n where parents[i] != 1 { return "node \(i) is unreachable" }
        return nil
    }
}
