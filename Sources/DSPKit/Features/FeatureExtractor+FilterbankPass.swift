import Foundation

/// The speaker embedding's second pass over a film: the log mel filterbank rows of chosen frame ranges
/// (the speech pieces found in the first pass), computed while the file is streamed again.
///
/// Why a second pass rather than keeping the filterbank of the first: 80 values per 10 ms frame is
/// 115 MB per hour of film in Float32 (twice what every other feature takes), while only the speech pieces
/// are ever embedded. Streaming the file again costs a decode (about 1 s per hour of 48 kHz stereo audio)
/// and keeps memory bounded by one group of pieces and one audio block, whatever the film's length.
extension FeatureExtractor {
    /// Streams the file at `path` again and hands `body` the filterbank rows of `ranges` (frame ranges,
    /// sorted by start and disjoint, inside the file's frames) a group at a time: `body(group, rows)` where
    /// `group` are indices into `ranges` and `rows` their rows concatenated, `cols` = the filterbank's bands.
    /// A group closes once it holds at least `groupFrames` frames, or at the last range. The samples, and so
    /// the rows, are exactly those `features(path:)` would compute (same stream, same blocks). Decoding stops
    /// after the last range. Requires an extractor made with filterbank options.
    public func filterbankGroups(path: String, ranges: [Range<Int>], groupFrames: Int, threads: Int = 1,
                                 progress: ((Double) -> Void)? = nil,
                                 body: (_ group: Range<Int>, _ rows: FeatureMatrix) throws -> Void) throws {
        guard let computer = filterbank else { preconditionFailure("filterbankGroups needs an extractor with filterbank options") }
        precondition(groupFrames >= 1)
        precondition(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound } && ranges.allSatisfy { $0.lowerBound >= 0 },
                     "filterbankGroups: ranges must be sorted and disjoint")
        guard !ranges.isEmpty else { return }
        let bands = computer.bands, hop = options.hopSamples, window = options.windowSamples
        let stream = try MonoAudioStream(path: path, targetSampleRate: options.sampleRate,
                                         blockSize: 4 * hop * FeatureExtractor.chunkFrames)
        let prefetcher = threads > 1 ? BlockPrefetcher(stream: stream) : nil
        defer { prefetcher?.drain() }
        let scratch = computer.makeScratch()

        var buffer: [Float] = []
        var bufferFirst = 0          // absolute index of buffer[0]
        var next = 0                 // next range to compute
        var groupStart = 0
        var rows: [Float] = []
        rows.reserveCapacity((groupFrames + (ranges.map(\.count).max() ?? 0)) * bands)
        func closeGroup() throws {
            guard next > groupStart else { return }
            try body(groupStart..<next, FeatureMatrix(rows: rows.count / bands, cols: bands, data: rows))
            groupStart = next
            rows.removeAll(keepingCapacity: true)
        }
        progress?(0)
        while next < ranges.count {
            let block = try prefetcher?.nextBlock() ?? (prefetcher == nil ? stream.nextBlock() : nil)
            if let block { buffer.append(contentsOf: block) }
            let bufferEnd = bufferFirst + buffer.count
            // Every range whose samples have all arrived.
            while next < ranges.count {
                let r = ranges[next]
                let firstSample = r.lowerBound * hop, endSample = (r.upperBound - 1) * hop + window
                guard endSample <= bufferEnd else {
                    if block == nil {
                        throw AudioError.decodeFailed(path: path, reason: "the audio ended before frame \(r.upperBound) on the second reading (did the file change?)")
                    }
                    break
                }
                let at = rows.count
                rows.append(contentsOf: repeatElement(0, count: r.count * bands))
                buffer.withUnsafeBufferPointer { b in
                    rows.withUnsafeMutableBufferPointer { o in
                        computer.logMel(signal: b.baseAddress! + (firstSample - bufferFirst), length: bufferEnd - firstSample,
                                        frames: r.count, out: o.baseAddress! + at, stride: bands, scratch: scratch)
                    }
                }
                next += 1
                if rows.count >= groupFrames * bands { try closeGroup() }
            }
            // Keep only the samples a later range can need.
            let keepFrom = next < ranges.count ? min(bufferEnd, ranges[next].lowerBound * hop) : bufferEnd
            if keepFrom > bufferFirst {
                buffer.removeSubrange(0..<(keepFrom - bufferFirst))
                bufferFirst = keepFrom
            }
            progress?(stream.fractionDecoded)
        }
        try closeGroup()
        progress?(1)
    }
}
