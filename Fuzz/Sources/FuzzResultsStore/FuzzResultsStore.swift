import CatalogueKit
import DSPKit
import Foundation
import FuzzSupport

/// A results store of any bytes (what `batch`, `merge`, `export` and `report` open): `ResultsStore(path:)` must
/// open it (migrating it) or throw a `CatalogueError`, and every read of an opened store (films, configurations,
/// stored results, the CSV and RTTM exports) must return or throw, never crash. A store's SQL values may be of
/// any type or out of range (a damaged or hand-edited file), so each reader is exercised on every row.
@_cdecl("FuzzResultsStore_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let store = ScratchFile(name: "results.sqlite")
    let export = ScratchFile(name: "export.csv")
    return FuzzDriver.run(argc, argv) { data in
        store.write([UInt8](data))
        let opened: ResultsStore
        do {
            opened = try ResultsStore(path: store.path, create: false)
        } catch is CatalogueError {
            return
        } catch {
            preconditionFailure("ResultsStore threw \(type(of: error)), not a CatalogueError: \(error)")
        }
        defer { try? opened.close() }
        _ = try? opened.appliedMigrations()
        _ = try? opened.configurations()
        _ = try? opened.statusCounts()
        if let films = try? opened.storedFilms() {
            for film in films.values.prefix(20) {
                if let result = try? opened.result(path: film.path) {
                    _ = result.countsJSON
                    _ = result.detailsJSON
                }
            }
        }
        _ = try? opened.exportFilms(to: export.path)
        _ = try? opened.exportSpeakers(to: export.path)
        _ = try? opened.exportTurns(to: export.path)
        _ = try? opened.exportTimings(to: export.path)
        _ = try? opened.exportRTTM(to: export.path)
    }
}
