import DSPKit
import Foundation

/// A catalogue run (`bechdelcli batch`): every film of a list analysed once into a results store, resumably.
///
/// For each film, in this order:
/// 1. the store holds it, done, for the same configuration, and the file's size and modification time are those
///    recorded: nothing to do (no byte of the file is read);
/// 2. otherwise the file is hashed; if the store holds it with the same hash and configuration, only its
///    recorded size and time are refreshed;
/// 3. otherwise, if a done film with the same hash and configuration is stored at another path, its result is
///    copied (a moved or duplicated file);
/// 4. otherwise the film is analysed and recorded, done or failed, in one transaction.
/// A film that failed on the same bytes with the same configuration is left as it is (unless
/// `BatchOptions.retryFailed`); one that could not be read at all is tried again. `BatchOptions.force` skips
/// steps 1–3.
///
/// `BatchOptions.jobs` films are analysed at a time, the longest files first (by size); a film's row depends
/// only on the film, so what the store holds at the end does not depend on the jobs, the threads or the order
/// in which films finish. Killing the process loses only the films in progress.
public final class CatalogueRun {
    public let store: ResultsStore
    public let films: [CatalogueFilm]
    public let configuration: AnalysisConfiguration
    public let options: BatchOptions
    private let makeAnalyzer: () throws -> FilmAnalyzer

    /// `films` are this run's (already one shard's); `analyzer` is called at most once, and only when some film
    /// has to be analysed, so a run over a finished store does not load the models.
    public init(store: ResultsStore, films: [CatalogueFilm], configuration: AnalysisConfiguration,
                options: BatchOptions = .init(), analyzer: @escaping () throws -> FilmAnalyzer) {
        self.store = store
        self.films = films
        self.configuration = configuration
        self.options = options
        self.makeAnalyzer = analyzer
    }

    /// One film that needs more than a look at the store.
    struct Work {
        let film: CatalogueFilm
        let fingerprint: Result<FileFingerprint, FilmFailure>
        let stored: StoredFilm?
        var size: Int64 { (try? fingerprint.get().size) ?? 0 }
    }

    /// What became of one film.
    enum Outcome { case analysed, unchanged, reused, failed, failedBefore }

    /// Runs the catalogue. `progress` is called after every film and `failure` for every film that fails in this
    /// run, one call at a time, from the worker threads. Throws `CatalogueError` when the run cannot go on
    /// (the store cannot be written, the models cannot be loaded); films recorded until then stay recorded.
    public func run(progress: ((BatchProgress) -> Void)? = nil,
                    failure: ((FilmFailure) -> Void)? = nil) throws -> BatchSummary {
        let start = CatalogueRun.now()
        var summary = BatchSummary()
        summary.total = films.count
        let wanted = StoredConfiguration(configuration)
        let stored = try store.storedFilms()

        // Planning: a stat per film; films recorded for the same file and configuration need nothing else.
        var work: [Work] = []
        for film in films {
            let fingerprint = FileFingerprint.of(path: film.path)
            let known = stored[film.key].flatMap { $0.path == film.path ? $0 : nil }
            if !options.force, let known, known.configuration == wanted, known.contentHash != nil,
               case .success(let current) = fingerprint, known.fingerprint == current,
               known.status == .done || !options.retryFailed {
                if known.filmID != film.filmID || known.imdbID != film.imdbID {
                    try store.updateFacts(of: film, fingerprint: current)
                    summary.writes += 1
                }
                if known.status == .done { summary.unchanged += 1 } else { summary.failed += 1; summary.failedBefore += 1 }
                continue
            }
            work.append(Work(film: film, fingerprint: fingerprint, stored: known))
        }
        // Longest first (by size), so that parallel jobs finish together; ties by path.
        work.sort { $0.size != $1.size ? $0.size > $1.size : CatalogueFilm.pathOrder($0.film.path, $1.film.path) }

        summary.planningSeconds = CatalogueRun.now() - start
        let state = RunState(work: work, total: films.count, finished: films.count - work.count, summary: summary,
                             start: start)
        if state.finished > 0 {
            progress?(BatchProgress(total: films.count, finished: state.finished, failed: summary.failed,
                                    elapsed: CatalogueRun.now() - start, remaining: nil, lastPath: ""))
        }
        let jobs = max(1, min(options.jobs, work.count))
        if jobs <= 1 {
            worker(state, progress: progress, failure: failure)
        } else {
            let group = DispatchGroup()
            for _ in 0..<jobs {
                group.enter()
                let thread = Thread { [self] in
                    worker(state, progress: progress, failure: failure)
                    group.leave()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            group.wait()
        }
        if let fatal = state.fatal { throw fatal }
        summary = state.summary
        summary.elapsed = CatalogueRun.now() - start
        return summary
    }

    /// What the jobs share, behind one lock: the next film to take, the counts, the first error that stops the run
    /// and the analyzer (made by the first job that needs it).
    final class RunState: @unchecked Sendable {
        let lock = NSLock()
        let work: [Work]
        let total: Int
        let start: Double
        let bytesToAnalyse: Int64
        var next = 0
        var finished: Int
        var bytesDone: Int64 = 0
        var summary: BatchSummary
        var fatal: Error?
        var analyzer: FilmAnalyzer?

        init(work: [Work], total: Int, finished: Int, summary: BatchSummary, start: Double) {
            self.work = work
            self.total = total
            self.finished = finished
            self.summary = summary
            self.start = start
            bytesToAnalyse = work.reduce(Int64(0)) { $0 + $1.size }
        }
    }

    /// One job: takes films until none is left or the run must stop.
    func worker(_ state: RunState, progress: ((BatchProgress) -> Void)?, failure: ((FilmFailure) -> Void)?) {
        func sharedAnalyzer() throws -> FilmAnalyzer {
            state.lock.lock()
            defer { state.lock.unlock() }
            if let analyzer = state.analyzer { return analyzer }
            let made = try makeAnalyzer()
            state.analyzer = made
            return made
        }
        let wanted = StoredConfiguration(configuration)
        while true {
            state.lock.lock()
            guard state.fatal == nil, state.next < state.work.count else { state.lock.unlock(); return }
            let item = state.work[state.next]
            state.next += 1
            state.lock.unlock()
            let outcome: Outcome, failedWith: FilmFailure?
            var costs = Costs()
            do {
                (outcome, failedWith) = try process(item, wanted: wanted, costs: &costs, analyzer: sharedAnalyzer)
            } catch {
                state.lock.lock()
                if state.fatal == nil { state.fatal = error }
                state.lock.unlock()
                return
            }
            state.lock.lock()
            switch outcome {
            case .analysed: state.summary.analysed += 1
            case .unchanged: state.summary.unchanged += 1
            case .reused: state.summary.reused += 1
            case .failed: state.summary.failed += 1
            case .failedBefore: state.summary.failed += 1; state.summary.failedBefore += 1
            }
            state.summary.hashSeconds += costs.hash
            state.summary.analysisSeconds += costs.analysis
            state.summary.storeSeconds += costs.store
            state.summary.writes += costs.writes
            state.finished += 1
            state.bytesDone += item.size
            if let failedWith, outcome == .failed { failure?(failedWith) }
            let elapsed = CatalogueRun.now() - state.start
            let remaining = state.bytesDone > 0
                ? elapsed / Double(state.bytesDone) * Double(state.bytesToAnalyse - state.bytesDone) : nil
            progress?(BatchProgress(total: state.total, finished: state.finished, failed: state.summary.failed,
                                    elapsed: elapsed, remaining: remaining, lastPath: item.film.path))
            state.lock.unlock()
        }
    }

    /// Where one film's time went, seconds.
    struct Costs {
        var hash = 0.0, analysis = 0.0, store = 0.0
        var writes = 0

        /// Runs a store write, timing it.
        mutating func write(_ body: () throws -> Void) rethrows {
            let t = CatalogueRun.now()
            try body()
            store += CatalogueRun.now() - t
            writes += 1
        }
    }

    /// Steps 2–4 of the type's description for one film. Throws only what stops the run (store, models).
    func process(_ item: Work, wanted: StoredConfiguration, costs: inout Costs,
                 analyzer: () throws -> FilmAnalyzer) throws -> (Outcome, FilmFailure?) {
        let film = item.film
        let fingerprint: FileFingerprint
        switch item.fingerprint {
        case .failure(let problem):
            return try recordFailure(problem, costs: &costs, film: film, stored: item.stored, hash: nil, fingerprint: nil, info: nil,
                                     timings: nil, hashSeconds: nil)
        case .success(let f):
            fingerprint = f
        }
        let hashStart = CatalogueRun.now()
        let hash: ContentHash
        do {
            hash = try ContentHash.of(file: film.path)
        } catch {
            return try recordFailure(FilmFailure(path: film.path, error: error), costs: &costs, film: film, stored: item.stored, hash: nil,
                                     fingerprint: fingerprint, info: nil, timings: nil, hashSeconds: nil)
        }
        let hashSeconds = CatalogueRun.now() - hashStart
        costs.hash = hashSeconds
        if !options.force {
            if let known = item.stored, known.configuration == wanted, known.contentHash == hash.hex,
               known.status == .done || !options.retryFailed {
                try costs.write { try store.updateFacts(of: film, fingerprint: fingerprint) }
                return (known.status == .done ? .unchanged : .failedBefore, nil)
            }
            if options.reuseIdenticalFiles, let source = try store.doneFilm(contentHash: hash, configuration: configuration),
               source != film.key {
                try costs.write { try store.copyResult(from: source, to: film, fingerprint: fingerprint, hashSeconds: hashSeconds) }
                return (.reused, nil)
            }
        }
        let analysisStart = CatalogueRun.now()
        let counter = try analyzer()
        let info: AudioInfo
        do {
            info = try counter.info(path: film.path)
        } catch {
            costs.analysis = CatalogueRun.now() - analysisStart
            return try recordFailure(FilmFailure(path: film.path, error: error), costs: &costs, film: film, stored: item.stored, hash: hash,
                                     fingerprint: fingerprint, info: nil, timings: nil, hashSeconds: hashSeconds)
        }
        var timings = SpeakerCounter.Timings()
        let result: CountResult
        do {
            result = try counter.count(path: film.path, threads: options.threads, timings: &timings)
        } catch {
            costs.analysis = CatalogueRun.now() - analysisStart
            return try recordFailure(FilmFailure(path: film.path, error: error), costs: &costs, film: film, stored: item.stored, hash: hash,
                                     fingerprint: fingerprint, info: info, timings: timings, hashSeconds: hashSeconds)
        }
        costs.analysis = CatalogueRun.now() - analysisStart
        try costs.write {
            try store.record(FilmRecord(film: film, result: result, failure: nil, contentHash: hash, fingerprint: fingerprint,
                                        info: info, configuration: configuration, timings: timings, hashSeconds: hashSeconds))
        }
        return (.analysed, nil)
    }

    /// Records a failure, unless the store already holds the very same one (then only the identifiers and
    /// fingerprint are refreshed, so a rerun writes nothing new).
    func recordFailure(_ failure: FilmFailure, costs: inout Costs, film: CatalogueFilm, stored: StoredFilm?, hash: ContentHash?,
                       fingerprint: FileFingerprint?, info: AudioInfo?, timings: SpeakerCounter.Timings?,
                       hashSeconds: Double?) throws -> (Outcome, FilmFailure?) {
        if let stored, stored.status == .failed, stored.error == failure.message, stored.contentHash == hash?.hex,
           stored.configuration == StoredConfiguration(configuration) {
            if stored.filmID != film.filmID || stored.imdbID != film.imdbID || stored.fingerprint != fingerprint {
                try costs.write { try store.updateFacts(of: film, fingerprint: fingerprint) }
            }
            return (.failedBefore, failure)
        }
        try costs.write {
            try store.record(FilmRecord(film: film, result: nil, failure: failure, contentHash: hash, fingerprint: fingerprint,
                                        info: info, configuration: configuration, timings: timings, hashSeconds: hashSeconds))
        }
        return (.failed, failure)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
