import BechdelKit
import FuzzSupport

/// `ModelFile.decode` (the `.bdt` tree model file) on any bytes. The first byte chooses the mode: odd, the rest as
/// it is; even, the rest with its payload length and FNV-1a checksum repaired, so mutations reach the schema and
/// tree checks. A model that loads must encode back to exactly its bytes and then serve `predict`, `explain` and
/// `clusters` as the commands use it: a table with the schema's columns (empty, numeric, list, vocabulary and
/// garbage cells) is encoded, scored (`CompiledForest`) and explained (TreeSHAP, every class).
@_cdecl("FuzzTreeModel_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data in
        guard let mode = data.first else { return }
        var bytes = Array(data.dropFirst())
        if mode & 1 == 0 { bytes = ChecksumRepair.treeModel(bytes) }
        guard let model = try? ModelFile.decode(bytes, path: "fuzz.bdt") else { return }
        precondition(ModelFile.encode(model) == bytes, "a loaded model does not encode back to its bytes")

        let schema = model.schema
        let names = Array(Set(schema.columns.map(\.name) + [schema.idColumn, schema.labelColumn])).sorted()
        let cells: [(FeatureSchema.Column?) -> String] = [
            { _ in "" }, { _ in "1.5" }, { _ in "-1e39" }, { _ in "NaN" }, { _ in "x|y|x" },
            { c in c?.vocabulary.first ?? "3" }, { c in c?.vocabulary.last.map { "\($0)|\($0)" } ?? "0" },
        ]
        let rows = cells.map { cell in names.map { name in cell(schema.columns.first { $0.name == name }) } }
        let table = FilmTable(columns: names, rows: rows, source: "fuzz.csv")
        guard let films = try? schema.encode(table, lenient: true) else { return }
        let probabilities = model.predict(films)
        precondition(probabilities.allSatisfy { $0.count == model.ensemble.classCount })
        _ = model.predictedRatings(probabilities)
        for k in 0..<model.ensemble.classCount {
            guard let shap = try? TreeSHAP(model: model, classIndex: k) else { continue }
            _ = shap.explain(films)
        }
    }
}
