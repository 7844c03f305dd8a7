import ArgumentParser
import DSPKit
import Foundation

/// `bechdelcli info FILE`: what an audio file holds (format, encoding, rate, channels, length),
/// read from its header, so users can check a file before a long analysis.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show an audio file's format, encoding, sample rate, channels, frames and duration.")

    @Argument(help: "Audio file (WAV, FLAC, OGG, Opus, MP3, ... anything libsndfile reads).")
    var file: String

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let info = try AudioDecoder(path: file).info
        if json {
            let object: [String: Any] = [
                "path": info.path, "format": info.format, "subtype": info.subtype,
                "sample_rate": info.sampleRate, "channels": info.channels,
                "frames": info.frameCount, "duration_s": info.duration,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("file:        \(info.path)")
            print("format:      \(info.format)")
            print("subtype:     \(info.subtype)")
            print("sample rate: \(info.sampleRate) Hz")
            print("channels:    \(info.channels)")
            print("frames:      \(info.frameCount)")
            print("duration:    \(String(format: "%.3f", info.duration)) s")
        }
    }
}
