import Dispatch

/// Decodes the next block of a `MonoAudioStream` on a background thread while the caller computes
/// features from the current one, so decoding and resampling overlap the feature workers.
///
/// Only one thread touches the stream at a time (the background decode of block k+1 starts after block k
/// was handed out), so the blocks, and therefore the features, are exactly those of a plain sequential read.
final class BlockPrefetcher {
    private let stream: MonoAudioStream
    private let ready = DispatchSemaphore(value: 0)
    private var result: Result<[Float]?, Error> = .success(nil)
    /// CPU seconds the background thread spent decoding, summed over blocks.
    private(set) var decodeCPUSeconds: Double = 0
    private var finished = false

    init(stream: MonoAudioStream) {
        self.stream = stream
        startDecoding()
    }

    private func startDecoding() {
        DispatchQueue.global().async {
            let t0 = FrontEndTimings.threadCPU()
            self.result = Result { try self.stream.nextBlock() }
            self.decodeCPUSeconds += FrontEndTimings.threadCPU() - t0
            self.ready.signal()
        }
    }

    /// The next block (`nil` at the end); the decode of the block after it starts before this returns.
    func nextBlock() throws -> [Float]? {
        if finished { return nil }
        ready.wait()
        let current = result
        if case .success(let block?) = current, !block.isEmpty {
            startDecoding()
        } else {
            finished = true
        }
        return try current.get()
    }

    /// Waits for a decode still running (after an early exit), so the stream is not used after release.
    func drain() {
        if !finished {
            ready.wait()
            finished = true
        }
    }
}
