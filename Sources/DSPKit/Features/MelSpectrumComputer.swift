import CDSP
import Foundation

/// The spectral stage of the front end, in two flavours that share framing, FFT and mel weights:
/// MFCC + log energy (Hamming window, 40 HTK mel bands, orthonormal DCT-II) for speech activity, sex and
/// segmentation, and log mel filterbank energies (Kaldi `fbank`: povey window, 80 bands) for the speaker
/// embedding. Builds the read-only tables once (window, sparse mel weights, DCT matrix, FFTW plan) and
/// runs the C loop over frames.
///
/// Shared by all worker threads; each call brings its own `Scratch`.
final class MelSpectrumComputer: @unchecked Sendable {
    /// Per-thread working buffers, aligned for FFTW.
    final class Scratch {
        let frame: AlignedFloatBuffer
        let spectrum: AlignedFloatBuffer
        let power: AlignedFloatBuffer
        let mel: AlignedFloatBuffer

        init(fftSize: Int, bands: Int) {
            frame = AlignedFloatBuffer(count: fftSize)
            spectrum = AlignedFloatBuffer(count: 2 * (fftSize / 2 + 1))
            power = AlignedFloatBuffer(count: fftSize / 2 + 1)
            mel = AlignedFloatBuffer(count: bands)
        }

        var c: cdsp_mfcc_scratch {
            cdsp_mfcc_scratch(frame: frame.pointer,
                              spectrum: UnsafeMutableRawPointer(spectrum.pointer).assumingMemoryBound(to: fftwf_complex.self),
                              power: power.pointer, mel: mel.pointer)
        }
    }

    let options: FrontEndOptions
    /// Mel bands (columns of `logMel`).
    let bands: Int
    /// Cepstra computed by `mfcc` (0 for a filterbank-only computer).
    let cepstra: Int
    let plan: FFTPlan
    let window: AlignedFloatBuffer
    let dct: AlignedFloatBuffer
    let bandWeights: AlignedFloatBuffer
    let bandFirst: UnsafeMutablePointer<Int32>
    let bandCount: UnsafeMutablePointer<Int32>
    let bandOffset: UnsafeMutablePointer<Int32>
    private(set) var tables: cdsp_mfcc_tables

    /// The MFCC computer of `options` (Hamming window, `options.melBands` bands, `options.cepstra` cepstra).
    convenience init(options: FrontEndOptions) {
        let n = options.windowSamples
        // Hamming window over the frame (Kaldi: 0.54 - 0.46 cos(2πi/(N-1))).
        let hamming = (0..<n).map { i in Float(0.54 - 0.46 * cos(2 * Double.pi * Double(i) / Double(n - 1))) }
        self.init(framing: options, window: hamming, bands: options.melBands, lowFrequency: options.lowFrequency,
                  highFrequency: options.highFrequency, cepstra: options.cepstra, logFloor: options.logFloor)
    }

    /// The filterbank computer of `filterbank` with the framing (window length, hop, FFT size, pre-emphasis,
    /// DC removal) of `options`.
    convenience init(options: FrontEndOptions, filterbank: FilterbankOptions) {
        self.init(framing: options, window: filterbank.window.values(count: options.windowSamples), bands: filterbank.bands,
                  lowFrequency: filterbank.lowFrequency, highFrequency: filterbank.highFrequency(sampleRate: options.sampleRate),
                  cepstra: 0, logFloor: filterbank.logFloor)
    }

    init(framing options: FrontEndOptions, window windowValues: [Float], bands: Int, lowFrequency: Float,
         highFrequency: Float, cepstra ceps: Int, logFloor: Float) {
        precondition(windowValues.count == options.windowSamples && bands >= 1 && ceps >= 0 && ceps <= bands)
        self.options = options
        self.bands = bands
        self.cepstra = ceps
        plan = FFTPlan(size: options.fftSize, kind: .realToComplex)
        window = AlignedFloatBuffer(windowValues)
        // Orthonormal DCT-II: c_k = s_k Σ_m log E_m cos(π k (m + ½) / M), s_0 = √(1/M), s_k = √(2/M).
        var d = [Float](repeating: 0, count: ceps * bands)
        for k in 0..<ceps {
            let s = k == 0 ? (1 / Double(bands)).squareRoot() : (2 / Double(bands)).squareRoot()
            for m in 0..<bands {
                d[m * ceps + k] = Float(s * cos(Double.pi * Double(k) * (Double(m) + 0.5) / Double(bands)))
            }
        }
        dct = AlignedFloatBuffer(d)
        let fb = MelFilterbank(bands: bands, fftSize: options.fftSize, sampleRate: options.sampleRate,
                               lowFrequency: Double(lowFrequency), highFrequency: Double(highFrequency))
        bandWeights = AlignedFloatBuffer(fb.weights)
        bandFirst = .allocate(capacity: bands); bandFirst.initialize(from: fb.firstBin, count: bands)
        bandCount = .allocate(capacity: bands); bandCount.initialize(from: fb.binCount, count: bands)
        bandOffset = .allocate(capacity: bands); bandOffset.initialize(from: fb.offset, count: bands)
        tables = cdsp_mfcc_tables(
            window_length: Int32(options.windowSamples), fft_size: Int32(options.fftSize), num_bands: Int32(bands),
            num_ceps: Int32(ceps), preemphasis: options.preEmphasis, log_floor: logFloor,
            remove_dc: options.removeDCOffset ? 1 : 0,
            window: window.pointer, band_first_bin: bandFirst, band_num_bins: bandCount, band_offset: bandOffset,
            band_weights: bandWeights.pointer, dct: dct.pointer, plan: plan.plan)
    }

    deinit {
        bandFirst.deallocate(); bandCount.deallocate(); bandOffset.deallocate()
    }

    func makeScratch() -> Scratch { Scratch(fftSize: options.fftSize, bands: bands) }

    /// MFCC + log energy of frames [0, count) of `signal` (frame f starts at f·hop) into `out` (row stride
    /// `stride` floats, `cepstra + 1` values per row).
    func mfcc(signal: UnsafePointer<Float>, length: Int, frames count: Int,
              out: UnsafeMutablePointer<Float>, stride: Int, scratch: Scratch) {
        precondition(cepstra > 0, "MelSpectrumComputer: a filterbank computer has no cepstra")
        var t = tables
        var s = scratch.c
        let status = cdsp_mfcc_frames(&t, &s, signal, length, options.hopSamples, count, out, stride)
        precondition(status == 0, "MelSpectrumComputer: frames outside the signal")
    }

    /// Log mel energies of frames [0, count) of `signal` into `out` (row stride `stride` ≥ `bands` floats).
    func logMel(signal: UnsafePointer<Float>, length: Int, frames count: Int,
                out: UnsafeMutablePointer<Float>, stride: Int, scratch: Scratch) {
        var t = tables
        var s = scratch.c
        let status = cdsp_log_mel_frames(&t, &s, signal, length, options.hopSamples, count, out, stride)
        precondition(status == 0, "MelSpectrumComputer: frames outside the signal")
    }

    /// Power spectrum (fftSize/2+1 bins) and log energy of one frame of `windowSamples` samples.
    func powerSpectrum(frame: [Float], scratch: Scratch) -> (power: [Float], logEnergy: Float) {
        precondition(frame.count == options.windowSamples)
        var power = [Float](repeating: 0, count: options.fftSize / 2 + 1)
        var logEnergy: Float = 0
        var t = tables
        var s = scratch.c
        frame.withUnsafeBufferPointer { f in
            power.withUnsafeMutableBufferPointer { p in
                cdsp_power_spectrum(&t, &s, f.baseAddress!, p.baseAddress!, &logEnergy)
            }
        }
        return (power, logEnergy)
    }
}
