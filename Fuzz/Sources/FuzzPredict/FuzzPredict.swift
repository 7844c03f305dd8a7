import BechdelKit
import Foundation
import FuzzSupport

/// CSV text of any bytes through the predictor's path: `FilmTable.parse`, the shipped model's `schema.encode`
/// (strict and lenient), `predict`, the decision rule and TreeSHAP (`explain`); and the training path's first
/// step, `FeatureSchema.learn`, with an encoding under the learned schema. Bytes that are not UTF-8 are refused
/// before parsing, as `FilmTable.read` does.
@_cdecl("FuzzPredict_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let model = try! BechdelModel.shipped()
    let shap = try! TreeSHAP(model: model)
    return FuzzDriver.run(argc, argv) { data in
        guard let text = String(data: Data(data), encoding: .utf8),
              let table = try? FilmTable.parse(text: text, source: "fuzz.csv") else { return }
        precondition(table.rows.allSatisfy { $0.count == table.columns.count })
        _ = try? model.schema.encode(table, lenient: false)
        if let films = try? model.schema.encode(table, lenient: true) {
            precondition(films.values.count == films.rows * model.schema.featureCount)
            let probabilities = model.predict(films)
            for p in probabilities {
                precondition(p.allSatisfy { $0 >= 0 && $0 <= 1 }, "probability outside [0, 1]")
            }
            _ = model.predictedRatings(probabilities)
            _ = shap.explain(films)
        }
        let learned = FeatureSchema.learn(from: table)
        if let films = try? learned.encode(table, lenient: true) {
            precondition(films.values.count == films.rows * learned.featureCount)
        }
    }
}
