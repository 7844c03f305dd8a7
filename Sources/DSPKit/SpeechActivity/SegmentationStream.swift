/// Runs the segmentation network over a film while it streams by: 10 s windows every
/// `SpeechSegmentationOptions.windowStep` seconds, handed to the network a group at a time, their outputs
/// combined per frame (`SegmentationAggregator`). Keeps only the samples a later window needs (10 s), so
/// memory does not grow with the film.
///
/// Windows follow pyannote's chunking: starts 0, step, 2·step… while the window fits in the audio, plus one
/// window ending at the last sample when those do not reach it; audio shorter than a window is one window,
/// zero-padded. The result depends only on the samples, never on the block sizes or the thread count.
final class SegmentationStream {
    let network: SegmentationNetwork
    let options: SpeechSegmentationOptions
    let threads: Int
    private let window: Int
    private let step: Int
    private let overlapClasses: [Int]
    private let scratch = NetworkScratch()
    private var aggregator: SegmentationAggregator
    private var buffer: [Float] = []
    private var bufferFirst = 0       // absolute index of buffer[0]
    private var nextStart = 0         // start of the next regular window
    private var pending: [Int] = []   // starts of windows whose samples have all arrived, not yet run
    private var lastRun = -1          // start of the last window run
    /// CPU-independent wall time spent in the network, seconds.
    private(set) var networkSeconds = 0.0

    init(network: SegmentationNetwork, options: SpeechSegmentationOptions, threads: Int) {
        self.network = network
        self.options = options
        self.threads = max(1, threads)
        window = network.windowSamples
        step = max(1, Int((options.windowStep * Double(network.model.sampleRate)).rounded()))
        overlapClasses = network.model.powerset.indices.filter { network.model.powerset[$0].count >= 2 }
        aggregator = SegmentationAggregator(framesPerWindow: network.framesPerWindow, frameStep: network.frameStep,
                                            frameDuration: network.frameDuration, sampleRate: network.model.sampleRate)
    }

    /// Samples seen so far.
    var samplesSeen: Int { bufferFirst + buffer.count }

    /// Adds the next samples of the film (16 kHz mono), running every complete group of windows.
    func append(_ samples: [Float]) {
        buffer.append(contentsOf: samples)
        while nextStart + window <= samplesSeen {
            pending.append(nextStart)
            nextStart += step
        }
        if pending.count >= options.groupWindows { run(Array(pending.prefix(options.groupWindows))) }
        trim()
    }

    /// Runs the remaining windows (and the one ending at the last sample) and returns the per-frame scores.
    func finish() -> SegmentationScores {
        let total = samplesSeen
        var last: [Int] = []
        if total < window {
            if total > 0 && lastRun < 0 && pending.isEmpty { last = [0] }
        } else if (total - window) % step != 0 {
            last = [total - window]
        }
        while !pending.isEmpty { run(Array(pending.prefix(options.groupWindows))) }
        if !last.isEmpty { run(last) }
        return aggregator.scores(totalSamples: total)
    }

    private func run(_ starts: [Int]) {
        let t0 = SpeakerCounter.now()
        let firstSample = starts.min()!
        let endSample = min(samplesSeen, starts.max()! + window)
        let signal = Array(buffer[(firstSample - bufferFirst)..<(endSample - bufferFirst)])
        let probabilities = network.flatProbabilities(signal: signal, starts: starts.map { $0 - firstSample },
                                                      threads: threads, scratch: scratch)
        let perWindow = network.framesPerWindow * network.classes
        probabilities.withUnsafeBufferPointer { p in
            for (k, start) in starts.enumerated() {
                aggregator.add(start: start, probabilities: p.baseAddress! + k * perWindow, classes: network.classes,
                               overlapClasses: overlapClasses)
            }
        }
        pending.removeFirst(min(pending.count, starts.count))
        lastRun = starts.last!
        networkSeconds += SpeakerCounter.now() - t0
    }

    /// Drops the samples no later window can need: the next windows start at or after the first pending
    /// one (or the next regular start), and the final window may start up to one window before the end.
    private func trim() {
        let keepFrom = min(pending.first ?? nextStart, nextStart, max(0, samplesSeen - window))
        if keepFrom > bufferFirst {
            buffer.removeSubrange(0..<(keepFrom - bufferFirst))
            bufferFirst = keepFrom
        }
    }
}
