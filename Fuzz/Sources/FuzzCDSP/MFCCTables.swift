import CDSP
import Foundation

/// `cdsp_mfcc_tables` and one scratch for direct calls of `cdsp_mfcc_frames` / `cdsp_log_mel_frames`: the
/// default framing (400-sample window, 512-point FFT) with 40 triangular bands over the FFT bins and a 20-row
/// DCT. The values only need to be plausible; what is fuzzed is the sizes of the calls. The tables live as long
/// as the process.
final class MFCCTables {
    let window = 400, fftSize = 512, bands = 40, cepstra = 20
    private var tables = cdsp_mfcc_tables()
    private var scratch = cdsp_mfcc_scratch()

    init() {
        let bins = fftSize / 2 + 1
        let windowValues = UnsafeMutablePointer<Float>.allocate(capacity: window)
        for i in 0..<window { windowValues[i] = Float(0.54 - 0.46 * cos(2 * Double.pi * Double(i) / Double(window - 1))) }
        let first = UnsafeMutablePointer<Int32>.allocate(capacity: bands)
        let count = UnsafeMutablePointer<Int32>.allocate(capacity: bands)
        let offset = UnsafeMutablePointer<Int32>.allocate(capacity: bands)
        let width = (bins - 2) / bands * 2
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: bands * width)
        for b in 0..<bands {
            first[b] = Int32(1 + b * (bins - 2 - width) / (bands - 1))
            count[b] = Int32(width)
            offset[b] = Int32(b * width)
            for j in 0..<width { weights[b * width + j] = 1 - abs(Float(j) - Float(width) / 2) / Float(width) }
        }
        let dct = UnsafeMutablePointer<Float>.allocate(capacity: bands * cepstra)
        for b in 0..<bands {
            for c in 0..<cepstra { dct[b * cepstra + c] = Float(cos(Double.pi * Double(c) * (Double(b) + 0.5) / Double(bands))) }
        }
        let frame = fftwf_alloc_real(fftSize)!
        let spectrum = fftwf_alloc_complex(bins)!
        let power = UnsafeMutablePointer<Float>.allocate(capacity: bins)
        let mel = UnsafeMutablePointer<Float>.allocate(capacity: bands)
        tables.window_length = Int32(window)
        tables.fft_size = Int32(fftSize)
        tables.num_bands = Int32(bands)
        tables.num_ceps = Int32(cepstra)
        tables.preemphasis = 0.97
        tables.log_floor = 1e-10
        tables.remove_dc = 1
        tables.window = UnsafePointer(windowValues)
        tables.band_first_bin = UnsafePointer(first)
        tables.band_num_bins = UnsafePointer(count)
        tables.band_offset = UnsafePointer(offset)
        tables.band_weights = UnsafePointer(weights)
        tables.dct = UnsafePointer(dct)
        tables.plan = fftwf_plan_dft_r2c_1d(Int32(fftSize), frame, spectrum, UInt32(FFTW_ESTIMATE))
        scratch.frame = frame
        scratch.spectrum = spectrum
        scratch.power = power
        scratch.mel = mel
    }

    /// `cdsp_log_mel_frames` or `cdsp_mfcc_frames` with these arguments; returns the C status.
    func call(logMel: Bool, signal: UnsafePointer<Float>?, length: Int, hop: Int, frames: Int,
              out: UnsafeMutablePointer<Float>, stride: Int) -> Int32 {
        logMel ? cdsp_log_mel_frames(&tables, &scratch, signal, length, hop, frames, out, stride)
               : cdsp_mfcc_frames(&tables, &scratch, signal, length, hop, frames, out, stride)
    }
}
