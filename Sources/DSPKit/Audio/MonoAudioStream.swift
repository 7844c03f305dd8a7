/// Any audio file as a stream of fixed-size mono blocks at one sample rate (16 kHz by default).
///
/// This is how the whole audio pipeline reads a film: decode in blocks (libsndfile), average the
/// channels, convert the rate (`Resampler`: libsoxr or libsamplerate, skipped when the file is already at the target rate),
/// and hand out `blockSize` samples at a time. Memory stays bounded by a few blocks whatever the
/// length of the film.
public final class MonoAudioStream {
    /// Header facts of the source file (its own rate and channels, not the target's).
    public let info: AudioInfo
    /// Rate of the samples handed out, Hz.
    public let targetSampleRate: Int
    /// Samples per block handed out (the last block may be shorter).
    public let blockSize: Int
    /// Samples handed out so far, at the target rate.
    public private(set) var samplesDelivered: Int64 = 0

    private let decoder: AudioDecoder
    private let resampler: Resampler?
    private let decodeFrames: Int
    private var interleaved: [Float]
    private var mono: [Float]
    private var pending: [Float] = []
    private var pendingStart = 0
    private var decoderDone = false

    /// Opens `path`. `blockSize` is in samples at `targetSampleRate` (Hz); `engine` picks the
    /// resampling library when the file's rate differs from the target.
    public init(path: String, targetSampleRate: Int = 16000, blockSize: Int = 16000,
                engine: Resampler.Engine = Resampler.defaultEngine) throws {
        guard targetSampleRate > 0, blockSize > 0 else {
            throw AudioError.invalidOptions(problem: "target rate \(targetSampleRate) Hz and block size \(blockSize) must be positive")
        }
        decoder = try AudioDecoder(path: path)
        info = decoder.info
        self.targetSampleRate = targetSampleRate
        self.blockSize = blockSize
        resampler = info.sampleRate == targetSampleRate
            ? nil
            : try Resampler(inputRate: info.sampleRate, outputRate: targetSampleRate, engine: engine, path: path)
        decodeFrames = 16384
        interleaved = [Float](repeating: 0, count: decodeFrames * info.channels)
        mono = [Float](repeating: 0, count: decodeFrames)
        pending.reserveCapacity(blockSize + 2 * decodeFrames * max(1, targetSampleRate / max(1, info.sampleRate) + 1))
    }

    /// Fraction of the source decoded so far, 0…1 (approximate for formats whose length is estimated).
    public var fractionDecoded: Double {
        info.frameCount > 0 ? min(1, Double(decoder.framesDecoded) / Double(info.frameCount)) : 0
    }

    /// The next `blockSize` mono samples in [-1, 1] at the target rate, fewer for the last block,
    /// `nil` once the audio is exhausted. Throws `AudioError` on decoding failure or truncation.
    public func nextBlock() throws -> [Float]? {
        while pending.count - pendingStart < blockSize && !decoderDone {
            try decodeMore()
        }
        let available = pending.count - pendingStart
        if available == 0 { return nil }
        let n = min(blockSize, available)
        let block = Array(pending[pendingStart..<(pendingStart + n)])
        pendingStart += n
        if pendingStart >= blockSize && pendingStart * 2 >= pending.count {
            pending.removeSubrange(0..<pendingStart)
            pendingStart = 0
        }
        samplesDelivered += Int64(n)
        return block
    }

    /// Decodes one chunk of source frames, downmixes, resamples and appends to `pending`.
    private func decodeMore() throws {
        let channels = info.channels
        if channels == 1 && resampler == nil {
            // Already mono at the target rate: decode straight into the pending buffer.
            let start = pending.count
            pending.append(contentsOf: repeatElement(0, count: decodeFrames))
            let frames = try pending.withUnsafeMutableBufferPointer { p -> Int in
                let got = try decoder.read(into: p.baseAddress! + start, frames: decodeFrames)
                for i in start..<(start + got) { p[i] = min(1, max(-1, p[i])) }
                return got
            }
            pending.removeLast(decodeFrames - frames)
            if frames == 0 { decoderDone = true }
            return
        }
        let frames = try interleaved.withUnsafeMutableBufferPointer { buf in
            try decoder.read(into: buf.baseAddress!, frames: decodeFrames)
        }
        if frames == 0 {
            decoderDone = true
            if let r = resampler {
                try r.process(nil, count: 0, endOfInput: true) { appendClamped($0) }
                // Converters differ by a few samples in how much of the tail they emit; make the length
                // exactly round(source frames × target rate / source rate), padding with silence if needed.
                let expected = Int((Double(decoder.framesDecoded) * Double(targetSampleRate) / Double(info.sampleRate)).rounded())
                let produced = Int(samplesDelivered) + pending.count - pendingStart
                if produced < expected {
                    pending.append(contentsOf: repeatElement(0, count: expected - produced))
                } else if produced > expected {
                    pending.removeLast(min(produced - expected, pending.count - pendingStart))
                }
            }
            return
        }
        mono.withUnsafeMutableBufferPointer { m in
            interleaved.withUnsafeBufferPointer { x in
                let out = m.baseAddress!, inp = x.baseAddress!
                if channels == 1 {
                    out.update(from: inp, count: frames)
                } else if channels == 2 {
                    for i in 0..<frames { out[i] = 0.5 * (inp[2 * i] + inp[2 * i + 1]) }
                } else {
                    let scale = 1 / Float(channels)
                    for i in 0..<frames {
                        var s: Float = 0
                        let row = inp + i * channels
                        for c in 0..<channels { s += row[c] }
                        out[i] = s * scale
                    }
                }
            }
        }
        if let r = resampler {
            try mono.withUnsafeBufferPointer { m in
                try r.process(m.baseAddress!, count: frames, endOfInput: false) { appendClamped($0) }
            }
        } else {
            mono.withUnsafeBufferPointer { appendClamped(UnsafeBufferPointer(rebasing: $0[0..<frames])) }
        }
    }

    /// Appends samples limited to [-1, 1] (float files and resampling ringing may overshoot slightly).
    private func appendClamped(_ samples: UnsafeBufferPointer<Float>) {
        let start = pending.count
        pending.append(contentsOf: samples)
        pending.withUnsafeMutableBufferPointer { p in
            for i in start..<p.count { p[i] = min(1, max(-1, p[i])) }
        }
    }
}
