import DSPKit
import FuzzSupport

/// Any bytes as an audio file (written to a temporary file, since libsndfile reads files): the header sniffer,
/// then `MonoAudioStream` (header bounds, libsndfile, non-finite sample replacement, downmix, resampling to
/// 16 kHz) to the end. It must end in blocks of finite samples or an `AudioError`, never a crash or a stray line
/// from a decoder. Run with short inputs (scripts/fuzz passes -max_len=4096): libsndfile itself is not
/// instrumented, so what is fuzzed is our handling of whatever it returns.
@_cdecl("FuzzAudioDecoder_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let file = ScratchFile(name: "fuzz.wav")
    return FuzzDriver.run(argc, argv) { data in
        let bytes = Array(data)
        _ = AudioHeaderSniffer.container(of: bytes)
        file.write(bytes)
        guard let stream = try? MonoAudioStream(path: file.path, blockSize: 4096) else { return }
        precondition(stream.info.channels >= 1 && stream.info.sampleRate >= 1000)
        do {
            while let block = try stream.nextBlock() {
                precondition(block.allSatisfy(\.isFinite), "non-finite sample from \(stream.info.format)")
            }
        } catch {
            precondition(error is AudioError, "decoding failed with \(type(of: error)), not an AudioError")
        }
    }
}
