/// The file name extensions of the audio containers bechdelcli reads (those `AudioHeaderSniffer` recognises and
/// libsndfile decodes), so a folder of a catalogue can be searched for films without opening every file.
///
/// Choosing by name, not by content, is deliberate: a damaged `film.wav` in the folder is still picked up and
/// reported as a failed film, never silently skipped.
public enum AudioFileTypes {
    /// Lowercase extensions without the dot: WAV/BWF/RF64/W64, AIFF, FLAC, Ogg (Vorbis, Opus), MPEG audio, AU,
    /// CAF, NIST Sphere, VOC, PAF, IRCAM.
    public static let extensions: Set<String> = [
        "wav", "wave", "bwf", "rf64", "w64", "aif", "aiff", "aifc", "flac", "ogg", "oga", "opus",
        "mp3", "mp2", "mp1", "mpga", "au", "snd", "caf", "sph", "nist", "voc", "paf", "sf", "ircam",
    ]

    /// Whether a file name ends in one of `extensions` (case-insensitive).
    public static func isAudioFileName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }
}
