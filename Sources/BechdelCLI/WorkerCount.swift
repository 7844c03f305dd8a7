import ArgumentParser

/// The one check of `--threads` and `--jobs`: each worker keeps its own network workspace (tens of MB), so an
/// unbounded count (`--threads 100000`) would turn a typo into gigabytes of memory. 256 is above any machine
/// these commands are meant for; the output never depends on the count.
enum WorkerCount {
    static let range = 1...256

    static func check(_ value: Int, _ option: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound)")
        }
    }
}
