import BoundedFiles
import CSndFile
import Foundation

/// Block-wise decoding of any file libsndfile reads (WAV/AIFF 8–32-bit int and float, FLAC, OGG/Vorbis,
/// Opus) and of MP3 (libmpg123, `MPEGStream`), as interleaved float samples in [-1, 1].
///
/// Exists so the rest of the audio layer never touches libsndfile: it checks the path before opening
/// (missing, directory, empty, no known audio header), turns every libsndfile failure into an `AudioError`
/// naming the file, refuses headers outside sane bounds (sample rate, channels), detects files that end
/// before the frame count their header promises, and replaces non-finite samples of float files (NaN by
/// 0, ±∞ by ±1) so that one corrupt sample cannot turn a whole window of analysis into NaN.
public final class AudioDecoder {
    /// Sample rates accepted, Hz (below this it is not audio; above, no recording format goes).
    public static let sampleRates = 1000...768_000
    /// Channel counts accepted (film mixes have up to 24; the bound keeps buffers small).
    public static let channelCounts = 1...256
    /// Header facts of the open file.
    public let info: AudioInfo
    /// Frames handed out so far.
    public private(set) var framesDecoded: Int64 = 0
    /// Samples that were NaN or infinite in the file and were replaced (0 for integer formats).
    public private(set) var nonFiniteSamples: Int64 = 0
    /// Whether the header's frame count is exact for this format (PCM containers and FLAC); for lossy
    /// streams (OGG, MP3) libsndfile may estimate it, so running short is not treated as truncation.
    public let frameCountIsExact: Bool

    /// Where the frames come from: libsndfile for every container but bare MPEG audio, which libmpg123 decodes
    /// directly (`MPEGStream`).
    private enum Source {
        case sndfile(OpaquePointer)
        case mpeg(MPEGStream)
    }
    private var source: Source?
    private var finished = false

    /// Opens `path` for reading. Throws `AudioError` if it is missing, a directory, empty, not audio,
    /// or has a header without channels, rate or frames.
    public init(path: String) throws {
        switch FileKind.of(path) {
        case .regular(let size, _): if size == 0 { throw AudioError.emptyFile(path: path) }
        case .directory: throw AudioError.isDirectory(path: path)
        case .pipe, .device:
            // The header is sniffed before libsndfile opens the file, so a pipe would lose its first bytes.
            throw AudioError.unreadable(path: path, reason: "a pipe or device, not a regular file: save the audio to a file first")
        case .missing: throw AudioError.fileNotFound(path: path)
        case .unreachable(let words): throw AudioError.unreadable(path: path, reason: words)
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw AudioError.unreadable(path: path, reason: "permission denied")
        }
        guard let container = AudioHeaderSniffer.container(ofFile: path) else {
            throw AudioError.notAudio(path: path, reason: "no known audio header: not WAV, AIFF, FLAC, Ogg, MP3, AU or CAF")
        }
        // Bare MPEG audio goes to libmpg123; an ID3 tag may also precede another container (FLAC, say), which
        // libsndfile then reads.
        if container == "MPEG" || container == "MP3" && AudioHeaderSniffer.containerAfterID3(ofFile: path) == nil {
            let stream: MPEGStream
            do { stream = try MPEGStream(path: path) } catch let failure as MPEGStream.Failure {
                throw AudioError.notAudio(path: path, reason: failure.reason)
            }
            let layer = ["I", "II", "III"][min(max(stream.layer, 1), 3) - 1]
            info = AudioInfo(path: path, format: "MPEG-1/2 Audio", subtype: "MPEG Layer \(layer)",
                             sampleRate: stream.sampleRate, channels: stream.channels, frameCount: stream.frameCount)
            frameCountIsExact = false
            source = .mpeg(stream)
            try AudioDecoder.checkHeader(info)
            return
        }

        var sfinfo = SF_INFO()
        guard let h = sf_open(path, Int32(SFM_READ), &sfinfo) else {
            let reason = String(cString: sf_strerror(nil))
            // libsndfile's wording for a header whose sample rate, channel count or format is zero.
            if reason.contains("SF_INFO struct incomplete") {
                throw AudioError.invalidHeader(path: path, problem: "zero sample rate, channel count or sample size (\(reason))")
            }
            throw AudioError.notAudio(path: path, reason: reason)
        }
        source = .sndfile(h)
        // libsndfile scales integer PCM to [-1, 1) when reading floats; make that explicit.
        sf_command(h, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))

        let major = sfinfo.format & Int32(SF_FORMAT_TYPEMASK)
        let minor = sfinfo.format & Int32(SF_FORMAT_SUBMASK)
        let info = AudioInfo(path: path,
                             format: AudioDecoder.formatName(major, command: Int32(SFC_GET_FORMAT_MAJOR)),
                             subtype: AudioDecoder.formatName(minor, command: Int32(SFC_GET_FORMAT_SUBTYPE)),
                             sampleRate: Int(sfinfo.samplerate), channels: Int(sfinfo.channels),
                             frameCount: sfinfo.frames)
        self.info = info
        frameCountIsExact = major != Int32(SF_FORMAT_OGG) && major != Int32(SF_FORMAT_MPEG)
        let declaredFramesBeyondFile = AudioDecoder.declaredFramesIfShort(handle: h, channels: Int(sfinfo.channels),
                                                                      format: minor, presentFrames: sfinfo.frames)
        do {
            try AudioDecoder.checkHeader(info, declaredFrames: declaredFramesBeyondFile)
        } catch {
            sf_close(h); source = nil
            throw error
        }
    }

    /// Refuses headers outside sane bounds (no channels or too many, a sample rate no recording uses), a data
    /// chunk cut short (the header declared more frames than the file holds), and audio without frames.
    private static func checkHeader(_ info: AudioInfo, declaredFrames: Int64? = nil) throws {
        if info.channels <= 0 {
            throw AudioError.invalidHeader(path: info.path, problem: "zero channels")
        }
        if !channelCounts.contains(info.channels) {
            throw AudioError.invalidHeader(path: info.path, problem: "\(info.channels) channels (at most \(channelCounts.upperBound))")
        }
        if !sampleRates.contains(info.sampleRate) {
            throw AudioError.invalidHeader(path: info.path, problem: "sample rate \(info.sampleRate) Hz is outside 1,000–768,000 Hz")
        }
        if let declared = declaredFrames, declared > info.frameCount {
            throw AudioError.truncated(path: info.path, expectedFrames: declared, decodedFrames: max(0, info.frameCount))
        }
        if info.frameCount <= 0 {
            throw AudioError.invalidHeader(path: info.path, problem: "no audio frames")
        }
    }

    deinit {
        if case .sndfile(let h)? = source { sf_close(h) }
    }

    /// Decodes up to `frames` frames (interleaved, `frames * info.channels` floats) into `buffer`.
    /// Returns the number of frames written; 0 means the end of the audio. Throws if decoding fails,
    /// or at the end if the file held fewer frames than its header promised.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        guard let source, !finished, frames > 0 else { return 0 }
        let got: Int
        switch source {
        case .sndfile(let h):
            got = Int(sf_readf_float(h, buffer, sf_count_t(frames)))
            if got < 0 || sf_error(h) != 0 && got == 0 {
                throw AudioError.decodeFailed(path: info.path, reason: String(cString: sf_strerror(h)))
            }
        case .mpeg(let stream):
            do {
                got = try stream.read(into: buffer, frames: frames)
            } catch let failure as MPEGStream.Failure {
                throw AudioError.decodeFailed(path: info.path, reason: failure.reason)
            }
        }
        framesDecoded += Int64(got)
        if got > 0 {
            // Integer PCM cannot hold NaN or ∞; float and double files (and lossy decoders) can.
            let n = Int(got) * info.channels
            var bad: Int64 = 0
            for i in 0..<n where !buffer[i].isFinite {
                buffer[i] = buffer[i].isNaN ? 0 : (buffer[i] > 0 ? 1 : -1)
                bad += 1
            }
            nonFiniteSamples += bad
        }
        if got == 0 {
            finished = true
            if frameCountIsExact && framesDecoded < info.frameCount {
                throw AudioError.truncated(path: info.path, expectedFrames: info.frameCount,
                                           decodedFrames: framesDecoded)
            }
        }
        return Int(got)
    }

    /// libsndfile's human name of a major format or subtype code.
    private static func formatName(_ code: Int32, command: Int32) -> String {
        var count: Int32 = 0
        let countCommand = command == Int32(SFC_GET_FORMAT_MAJOR) ? SFC_GET_FORMAT_MAJOR_COUNT : SFC_GET_FORMAT_SUBTYPE_COUNT
        sf_command(nil, Int32(countCommand), &count, Int32(MemoryLayout<Int32>.size))
        for i in 0..<count {
            var fi = SF_FORMAT_INFO()
            fi.format = i
            sf_command(nil, command, &fi, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
            if fi.format == code, let name = fi.name { return String(cString: name) }
        }
        return String(format: "0x%06X", code)
    }

    /// For WAV-like containers libsndfile silently shortens a data chunk that runs past the end of the file
    /// and notes it in its log ("data : 96000 (should be 32000)"). Returns the frames the header declared
    /// then: exactly for PCM, A-law and µ-law; for block codecs (IMA and MS ADPCM, GSM...) in proportion to the
    /// frames the present bytes hold. Placeholder sizes written by streaming encoders (0, 0xFFFFFFFF) are not
    /// truncation.
    private static func declaredFramesIfShort(handle: OpaquePointer, channels: Int, format: Int32,
                                              presentFrames: Int64) -> Int64? {
        var log = [CChar](repeating: 0, count: 8192)
        let n = sf_command(handle, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        guard n > 0 else { return nil }
        let text = String(cString: log)
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("data"), trimmed.contains("should be") else { continue }
            let numbers = trimmed.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
            guard numbers.count >= 2 else { continue }
            let declaredBytes = numbers[0], actualBytes = numbers[1]
            guard declaredBytes > actualBytes, declaredBytes > 0, declaredBytes < 0xFFFF_FFF0 else { continue }
            let bytesPerSample: Int64
            switch format {
            case Int32(SF_FORMAT_PCM_S8), Int32(SF_FORMAT_PCM_U8), Int32(SF_FORMAT_ULAW), Int32(SF_FORMAT_ALAW): bytesPerSample = 1
            case Int32(SF_FORMAT_PCM_16): bytesPerSample = 2
            case Int32(SF_FORMAT_PCM_24): bytesPerSample = 3
            case Int32(SF_FORMAT_PCM_32), Int32(SF_FORMAT_FLOAT): bytesPerSample = 4
            case Int32(SF_FORMAT_DOUBLE): bytesPerSample = 8
            default:
                // At least one frame more than present, so that a cut inside the last block still counts.
                guard actualBytes > 0 else { return max(presentFrames + 1, 1) }
                let scaled = Double(max(presentFrames, 0)) * Double(declaredBytes) / Double(actualBytes)
                return max(presentFrames + 1, Int64(min(scaled, Double(Int64.max / 2))))
            }
            return declaredBytes / (bytesPerSample * Int64(max(channels, 1)))
        }
        return nil
    }
}
