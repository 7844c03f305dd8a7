import CMPG123
import Foundation

/// An MP3 (MPEG-1/2/2.5 audio, layers I–III) decoded with libmpg123 directly, as interleaved float samples in
/// [-1, 1], for `AudioDecoder`.
///
/// Why not through libsndfile, which uses the same libmpg123: libsndfile leaves the decoder's diagnostics on,
/// so a damaged frame in the middle of a file printed four "Note: Illegal Audio-MPEG-Header…" lines on stderr
/// before bechdelcli's own one-line error. Here the decoder is quiet and its errors become that one line.
/// The decoding flags are libsndfile's (float output, gapless, no resampling, no "Frankenstein" streams), so
/// the samples are the same.
final class MPEGStream {
    /// Samples per second per channel, Hz.
    let sampleRate: Int
    /// Interleaved channels (1 or 2).
    let channels: Int
    /// Frames the stream holds, as libmpg123 reports them (from the Xing/LAME header, else by scanning the file).
    let frameCount: Int64
    /// MPEG audio layer (1, 2 or 3).
    let layer: Int

    private let handle: OpaquePointer

    /// libmpg123's one-time set-up (a no-op in recent versions, required by older ones).
    private static let initialised: Bool = mpg123_init() == MPG123_OK.rawValue

    /// Opens `path`; throws the problem in words when libmpg123 finds no MPEG audio stream it can decode.
    init(path: String) throws {
        guard MPEGStream.initialised else { throw Failure(reason: "libmpg123 could not be initialised") }
        var error: Int32 = 0
        guard let h = mpg123_new(nil, &error) else {
            throw Failure(reason: "libmpg123: \(String(cString: mpg123_plain_strerror(error)))")
        }
        handle = h
        let add = Int(MPG123_QUIET.rawValue | MPG123_FORCE_FLOAT.rawValue | MPG123_GAPLESS.rawValue
                      | MPG123_NO_FRANKENSTEIN.rawValue)
        mpg123_param2(h, Int32(MPG123_ADD_FLAGS.rawValue), add, 0)
        mpg123_param2(h, Int32(MPG123_REMOVE_FLAGS.rawValue), Int(MPG123_AUTO_RESAMPLE.rawValue), 0)
        guard mpg123_open(h, path) == MPG123_OK.rawValue else {
            let reason = MPEGStream.message(h)
            mpg123_delete(h)
            throw Failure(reason: reason)
        }
        var rate = 0, channelCount: Int32 = 0, encoding: Int32 = 0
        guard mpg123_getformat(h, &rate, &channelCount, &encoding) == MPG123_OK.rawValue else {
            let reason = MPEGStream.message(h)
            mpg123_close(h)
            mpg123_delete(h)
            throw Failure(reason: reason)
        }
        var length = mpg123_length(h)
        if length <= 0 && mpg123_scan(h) == MPG123_OK.rawValue { length = mpg123_length(h) }
        var frame = mpg123_frameinfo2()
        layer = mpg123_info2(h, &frame) == MPG123_OK.rawValue ? Int(frame.layer) : 3
        sampleRate = rate
        channels = Int(channelCount)
        frameCount = Int64(max(length, 0))
    }

    deinit {
        mpg123_close(handle)
        mpg123_delete(handle)
    }

    /// Decodes up to `frames` frames into `buffer` (`frames * channels` floats); 0 at the end of the stream.
    /// Throws the problem in words, with the byte offset where the stream is damaged.
    func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        let bytesPerFrame = channels * MemoryLayout<Float>.size
        var total = 0
        while total < frames {
            var done = 0
            let rc = mpg123_read(handle, UnsafeMutableRawPointer(buffer + total * channels),
                                 (frames - total) * bytesPerFrame, &done)
            total += done / bytesPerFrame
            if rc == MPG123_DONE.rawValue { break }
            if rc == MPG123_NEW_FORMAT.rawValue {
                throw Failure(reason: "the MPEG stream changes its sample rate or channels near byte \(mpg123_tell_stream(handle))")
            }
            guard rc == MPG123_OK.rawValue else {
                throw Failure(reason: "damaged MPEG stream near byte \(mpg123_tell_stream(handle)): \(MPEGStream.message(handle))")
            }
            if done == 0 { break }
        }
        return total
    }

    /// A problem reported by libmpg123, in words.
    struct Failure: Error { let reason: String }

    private static func message(_ h: OpaquePointer) -> String {
        guard let text = mpg123_plain_strerror(mpg123_errcode(h)) else { return "libmpg123 error" }
        return String(cString: text).trimmingCharacters(in: CharacterSet(charactersIn: ". \n"))
    }
}
