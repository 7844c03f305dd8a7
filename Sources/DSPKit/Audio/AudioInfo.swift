/// What a file holds before any decoding: container, encoding, rate, channels and length.
///
/// Read from the file header by `AudioDecoder`; `bechdelcli info` prints it and the streaming
/// front end uses it to size resampling and report progress.
public struct AudioInfo: Equatable, Sendable {
    /// The path as given by the caller.
    public var path: String
    /// Container format as libsndfile names it, e.g. "WAV (Microsoft)", "FLAC (Free Lossless Audio Codec)".
    public var format: String
    /// Sample encoding as libsndfile names it, e.g. "Signed 16 bit PCM", "Vorbis".
    public var subtype: String
    /// Samples per second per channel, Hz.
    public var sampleRate: Int
    /// Interleaved channels.
    public var channels: Int
    /// Frames (one sample per channel) announced by the header; an estimate for some compressed formats.
    public var frameCount: Int64
    /// frameCount / sampleRate, seconds.
    public var duration: Double

    public init(path: String, format: String, subtype: String = "", sampleRate: Int, channels: Int, frameCount: Int64) {
        self.path = path
        self.format = format
        self.subtype = subtype
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameCount = frameCount
        self.duration = sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0
    }
}
