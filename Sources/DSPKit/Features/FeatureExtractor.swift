import Dispatch
import Foundation

/// Turns audio into `FrameFeatures` (MFCC + log energy, pitch, voicing strength and optionally log mel
/// filterbank energies), streaming.
///
/// A file is decoded, downmixed and resampled on the calling thread in blocks; the features of fixed
/// chunks of frames are computed on up to `threads` threads; only features are kept, so memory stays
/// bounded whatever the length of the film. Every frame is computed from its own samples only
/// (zero outside the signal), so the output is bit-identical for any thread count or block size.
public final class FeatureExtractor: @unchecked Sendable {
    /// The options the tables were built for.
    public let options: FrontEndOptions
    /// The filterbank settings, or nil when no filterbank features are computed.
    public let filterbankOptions: FilterbankOptions?
    /// The segmentation network and how it slides over the audio, or nil when it is not run.
    public let segmentation: (network: SegmentationNetwork, options: SpeechSegmentationOptions)?
    /// Frames per work chunk handed to one thread (10 s at the default hop).
    public static let chunkFrames = 1000

    let mfcc: MelSpectrumComputer
    let filterbank: MelSpectrumComputer?
    let pitchTracker: PitchTracker

    /// Builds the tables and FFT plans for `options`, and for `filterbank` features when given; with
    /// `segmentation`, the network also runs over the audio as it streams (`FrameFeatures.segmentation`).
    /// Throws `AudioError.invalidOptions` if the settings are unusable.
    public init(options: FrontEndOptions = .init(), filterbank: FilterbankOptions? = nil,
                segmentation: (network: SegmentationNetwork, options: SpeechSegmentationOptions)? = nil) throws {
        try options.validate()
        try filterbank?.validate(framing: options)
        if let problem = segmentation?.options.problem { throw AudioError.invalidOptions(problem: problem) }
        if let s = segmentation, s.network.model.sampleRate != options.sampleRate {
            throw AudioError.invalidOptions(problem: "the segmentation network expects \(s.network.model.sampleRate) Hz audio, the front end gives \(options.sampleRate) Hz")
        }
        self.segmentation = segmentation
        self.options = options
        self.filterbankOptions = filterbank
        mfcc = MelSpectrumComputer(options: options)
        self.filterbank = filterbank.map { MelSpectrumComputer(options: options, filterbank: $0) }
        pitchTracker = PitchTracker(options: options)
    }

    // MARK: - Convenience entry points (the API contract)

    /// Streams the audio file at `path` and returns its features. `threads` ≥ 1 parallelises the feature
    /// computation; `progress` receives the fraction decoded (0…1) now and then, on the calling thread.
    public static func extract(path: String, options: FrontEndOptions = .init(), threads: Int = 1,
                               progress: ((Double) -> Void)? = nil) throws -> FrameFeatures {
        try FeatureExtractor(options: options).features(path: path, threads: threads, progress: progress)
    }

    /// Features of an in-memory mono signal at `options.sampleRate` (samples nominally in [-1, 1]).
    public static func extract(samples: [Float], options: FrontEndOptions = .init(), threads: Int = 1) throws -> FrameFeatures {
        try FeatureExtractor(options: options).features(samples: samples, threads: threads)
    }

    // MARK: - Instance API (reuse the tables across files)

    /// Features of an in-memory mono signal at `options.sampleRate`.
    public func features(samples: [Float], threads: Int = 1) -> FrameFeatures {
        let frames = options.frameCount(samples: samples.count)
        var out = Output(frames: frames, dimension: options.featureDimension, bands: filterbank?.bands ?? 0)
        var timings = FrontEndTimings()
        samples.withUnsafeBufferPointer { buf in
            computeBatch(raw: buf.baseAddress, rawLength: buf.count, rawFirst: 0,
                         firstFrame: 0, frames: frames, threads: threads, into: &out, at: 0, timings: &timings)
        }
        var features = out.features
        if let segmentation {
            let stream = SegmentationStream(network: segmentation.network, options: segmentation.options, threads: threads)
            stream.append(samples)
            features.segmentation = stream.finish()
        }
        return features
    }

    /// Streams the file at `path` (any format/rate/channels libsndfile reads) and returns its features.
    public func features(path: String, threads: Int = 1, progress: ((Double) -> Void)? = nil) throws -> FrameFeatures {
        var timings = FrontEndTimings()
        return try features(path: path, threads: threads, progress: progress, timings: &timings)
    }

    /// As `features(path:threads:progress:)`, also reporting where the time went.
    public func features(path: String, threads: Int = 1, progress: ((Double) -> Void)? = nil,
                         timings: inout FrontEndTimings) throws -> FrameFeatures {
        let wallStart = FrontEndTimings.now()
        var timings0 = FrontEndTimings()
        let threads = max(1, threads)
        let stream = try MonoAudioStream(path: path, targetSampleRate: options.sampleRate,
                                         blockSize: 4 * options.hopSamples * FeatureExtractor.chunkFrames)
        let expectedSamples = Int(Double(stream.info.frameCount) * Double(options.sampleRate) / Double(stream.info.sampleRate))
        var out = Output(frames: 0, dimension: options.featureDimension, bands: filterbank?.bands ?? 0)
        out.reserve(options.frameCount(samples: expectedSamples) + 16)

        var buffer: [Float] = []
        var bufferFirst = 0          // absolute index of buffer[0]
        var nextFrame = 0
        let batchFrames = threads * FeatureExtractor.chunkFrames
        let segmenter = segmentation.map { SegmentationStream(network: $0.network, options: $0.options, threads: threads) }
        progress?(0)
        // With several threads, the next block is decoded in the background while this batch is computed.
        let prefetcher = threads > 1 ? BlockPrefetcher(stream: stream) : nil
        defer { prefetcher?.drain() }

        while true {
            let t0 = FrontEndTimings.threadCPU()
            let next = try prefetcher?.nextBlock() ?? (prefetcher == nil ? stream.nextBlock() : nil)
            guard let block = next else {
                timings0.audioSeconds += FrontEndTimings.threadCPU() - t0
                break
            }
            buffer.append(contentsOf: block)
            timings0.audioSeconds += FrontEndTimings.threadCPU() - t0
            segmenter?.append(block)
            let bufferEnd = bufferFirst + buffer.count
            // Frames whose every sample (MFCC window and pitch context) has arrived.
            var ready = 0
            let mfccReady = bufferEnd >= options.windowSamples ? (bufferEnd - options.windowSamples) / options.hopSamples + 1 : 0
            ready = max(0, mfccReady - nextFrame)
            while ready > 0 && pitchTracker.endRawSample(ofFrame: nextFrame + ready - 1) > bufferEnd { ready -= 1 }
            if ready >= batchFrames {
                let n = ready - ready % batchFrames
                process(buffer: &buffer, bufferFirst: &bufferFirst, nextFrame: &nextFrame, frames: n,
                        threads: threads, out: &out, timings: &timings0)
                progress?(stream.fractionDecoded)
            }
        }
        // End of the signal: every remaining frame that fits, with zeros beyond the last sample.
        let total = options.frameCount(samples: bufferFirst + buffer.count)
        if total > nextFrame {
            process(buffer: &buffer, bufferFirst: &bufferFirst, nextFrame: &nextFrame, frames: total - nextFrame,
                    threads: threads, out: &out, timings: &timings0)
        }
        var features = out.features
        if let segmenter {
            features.segmentation = segmenter.finish()
            timings0.segmentationSeconds = segmenter.networkSeconds
        }
        progress?(1)
        timings0.audioSeconds += prefetcher?.decodeCPUSeconds ?? 0
        timings0.audioDuration = Double(bufferFirst + buffer.count) / Double(options.sampleRate)
        timings0.wallSeconds = FrontEndTimings.now() - wallStart
        timings = timings0
        return features
    }

    // MARK: - Internals

    /// Growing output storage.
    struct Output {
        var dimension: Int
        /// Filterbank bands (0: no filterbank).
        var bands: Int
        var mfcc: [Float]
        var pitch: [Float]
        var strength: [Float]
        var filterbank: [Float]

        init(frames: Int, dimension: Int, bands: Int) {
            self.dimension = dimension
            self.bands = bands
            mfcc = [Float](repeating: 0, count: frames * dimension)
            pitch = [Float](repeating: 0, count: frames)
            strength = [Float](repeating: 0, count: frames)
            filterbank = [Float](repeating: 0, count: frames * bands)
        }

        var frames: Int { pitch.count }

        mutating func reserve(_ frames: Int) {
            mfcc.reserveCapacity(frames * dimension)
            pitch.reserveCapacity(frames)
            strength.reserveCapacity(frames)
            filterbank.reserveCapacity(frames * bands)
        }

        mutating func grow(by frames: Int) {
            mfcc.append(contentsOf: repeatElement(0, count: frames * dimension))
            pitch.append(contentsOf: repeatElement(0, count: frames))
            strength.append(contentsOf: repeatElement(0, count: frames))
            filterbank.append(contentsOf: repeatElement(0, count: frames * bands))
        }

        var features: FrameFeatures {
            FrameFeatures(mfcc: FeatureMatrix(rows: frames, cols: dimension, data: mfcc), pitch: pitch, pitchStrength: strength,
                          filterbank: bands > 0 ? FeatureMatrix(rows: frames, cols: bands, data: filterbank) : nil)
        }
    }

    /// Computes `frames` frames from `nextFrame` out of the streaming buffer, then drops the samples
    /// no later frame needs.
    private func process(buffer: inout [Float], bufferFirst: inout Int, nextFrame: inout Int, frames: Int,
                         threads: Int, out: inout Output, timings: inout FrontEndTimings) {
        let at = out.frames
        out.grow(by: frames)
        buffer.withUnsafeBufferPointer { buf in
            computeBatch(raw: buf.baseAddress, rawLength: buf.count, rawFirst: bufferFirst,
                         firstFrame: nextFrame, frames: frames, threads: threads, into: &out, at: at, timings: &timings)
        }
        nextFrame += frames
        let keepFrom = max(bufferFirst, min(nextFrame * options.hopSamples, pitchTracker.firstRawSample(ofFrame: nextFrame)))
        let drop = min(buffer.count, keepFrom - bufferFirst)
        if drop > 0 {
            buffer.removeSubrange(0..<drop)
            bufferFirst += drop
        }
    }

    /// Computes frames [firstFrame, firstFrame + frames) in chunks of `chunkFrames`, on up to `threads`
    /// threads, writing rows from `at` in `out`. `raw` holds the signal from absolute sample `rawFirst`.
    private func computeBatch(raw: UnsafePointer<Float>?, rawLength: Int, rawFirst: Int, firstFrame: Int, frames: Int,
                              threads: Int, into out: inout Output, at: Int, timings: inout FrontEndTimings) {
        guard frames > 0, let raw = raw else { return }
        let chunk = FeatureExtractor.chunkFrames
        let chunks = (frames + chunk - 1) / chunk
        // Per-chunk stage times, each written only by the chunk's worker, summed afterwards.
        var stageTimes = [Double](repeating: 0, count: 3 * chunks)
        defer {
            for c in 0..<chunks {
                timings.mfccSeconds += stageTimes[3 * c]
                timings.pitchSeconds += stageTimes[3 * c + 1]
                timings.filterbankSeconds += stageTimes[3 * c + 2]
            }
        }
        let bands = out.bands
        let dim = options.featureDimension
        let hop = options.hopSamples
        out.filterbank.withUnsafeMutableBufferPointer { filterbankOut in
        out.mfcc.withUnsafeMutableBufferPointer { mfccOut in
            out.pitch.withUnsafeMutableBufferPointer { pitchOut in
                out.strength.withUnsafeMutableBufferPointer { strengthOut in
                  stageTimes.withUnsafeMutableBufferPointer { times in
                    let mfccBase = mfccOut.baseAddress!, pitchBase = pitchOut.baseAddress!, strengthBase = strengthOut.baseAddress!
                    let timeBase = times.baseAddress!
                    let filterbankBase = filterbankOut.baseAddress
                    let work = { (c: Int) in
                        let t0 = FrontEndTimings.threadCPU()
                        let f0 = firstFrame + c * chunk
                        let n = min(chunk, firstFrame + frames - f0)
                        let row = at + (f0 - firstFrame)
                        let start = f0 * hop - rawFirst
                        self.mfcc.mfcc(signal: raw + start, length: rawLength - start, frames: n,
                                       out: mfccBase + row * dim, stride: dim, scratch: self.mfcc.makeScratch())
                        let t1 = FrontEndTimings.threadCPU()
                        self.pitchTracker.compute(raw: raw, rawLength: rawLength, rawFirst: rawFirst, firstFrame: f0, frames: n,
                                                  pitch: pitchBase + row, strength: strengthBase + row,
                                                  scratch: self.pitchTracker.makeScratch())
                        let t2 = FrontEndTimings.threadCPU()
                        if let filterbank = self.filterbank, let filterbankBase {
                            filterbank.logMel(signal: raw + start, length: rawLength - start, frames: n,
                                              out: filterbankBase + row * bands, stride: bands, scratch: filterbank.makeScratch())
                        }
                        timeBase[3 * c] = t1 - t0
                        timeBase[3 * c + 1] = t2 - t1
                        timeBase[3 * c + 2] = FrontEndTimings.threadCPU() - t2
                    }
                    let workers = min(max(1, threads), chunks)
                    if workers == 1 {
                        for c in 0..<chunks { work(c) }
                    } else {
                        // Workers take chunks round-robin; each chunk writes only its own rows.
                        DispatchQueue.concurrentPerform(iterations: workers) { w in
                            var c = w
                            while c < chunks {
                                work(c)
                                c += workers
                            }
                        }
                    }
                  }
                }
            }
        }
        }
    }
}
