import CDSP
import Foundation
import FuzzSupport

/// `cdsp_pitch_frames` with hostile frame centres, signal offsets and samples (NaN, ±Inf, denormals, huge):
/// samples outside the signal are zero by contract, so any centre must be safe; F0 must be 0 (unvoiced) or
/// inside the search range, and strengths in [0, 1] or NaN from NaN samples.
enum PitchCase {
    /// Tables of the default pitch tracker (8 kHz, 40 ms window, 60–400 Hz), built here with FFTW.
    static let tables = PitchTables()

    static func hostileCall(_ input: inout FuzzInput) {
        let samples = input.hostileFloats(min(input.int(in: 0...1200), input.remaining))
        let declared = input.bool() ? samples.count : min(samples.count, max(0, Int(input.hostileInt32())))
        let first = input.bool() ? input.int(in: -2000...2000) : Int(input.hostileInt32()) << Int(input.byte() % 40)
        let frames = input.int(in: 0...6)
        let centres = (0..<frames).map { _ in input.bool() ? first + input.int(in: -400...1600)
                                                           : Int(input.hostileInt32()) << Int(input.byte() % 40) }
        var pitch = [Float](repeating: -1, count: frames), strength = [Float](repeating: -1, count: frames)
        let status = tables.call(samples: samples, length: declared, first: first, centres: centres, pitch: &pitch, strength: &strength)
        if status != 0 {
            // Refused (an index beyond 2^40): nothing may have been written.
            precondition(pitch.allSatisfy { $0 == -1 } && strength.allSatisfy { $0 == -1 }, "a refused call wrote its outputs")
            return
        }
        for f in 0..<frames {
            precondition(pitch[f] == 0 || (pitch[f] >= 50 && pitch[f] <= 450), "F0 \(pitch[f]) Hz outside the search range")
            precondition(!(strength[f] < 0 || strength[f] > 1), "strength \(strength[f]) outside [0, 1]")
        }
    }
}

/// `cdsp_pitch_tables` and one scratch for direct calls of `cdsp_pitch_frames`.
final class PitchTables {
    private var tables = cdsp_pitch_tables()
    private var scratch = cdsp_pitch_scratch()

    init() {
        let rate: Float = 8000, window = 320, minLag = 20, maxLag = 134, fftSize = 1024
        let w = UnsafeMutablePointer<Float>.allocate(capacity: window)
        for i in 0..<window { w[i] = Float(0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(window))) }
        let inverse = UnsafeMutablePointer<Float>.allocate(capacity: maxLag + 2)
        let penalty = UnsafeMutablePointer<Float>.allocate(capacity: maxLag + 2)
        for lag in 0..<(maxLag + 2) {
            inverse[lag] = 1 / max(0.05, 1 - Float(lag) / Float(window))
            penalty[lag] = lag >= minLag ? 0.02 * log2(Float(lag) / Float(minLag)) : 0
        }
        let frame = fftwf_alloc_real(fftSize)!, acf = fftwf_alloc_real(fftSize)!
        let spectrum = fftwf_alloc_complex(fftSize / 2 + 1)!
        tables.window_length = Int32(window)
        tables.fft_size = Int32(fftSize)
        tables.min_lag = Int32(minLag)
        tables.max_lag = Int32(maxLag)
        tables.sample_rate = rate
        tables.min_pitch = 60
        tables.max_pitch = 400
        tables.voicing_threshold = 0.45
        tables.silence_rms = 3e-4
        tables.window = UnsafePointer(w)
        tables.inverse_window_acf = UnsafePointer(inverse)
        tables.lag_penalty = UnsafePointer(penalty)
        tables.forward = fftwf_plan_dft_r2c_1d(Int32(fftSize), frame, spectrum, UInt32(FFTW_ESTIMATE))
        tables.backward = fftwf_plan_dft_c2r_1d(Int32(fftSize), spectrum, acf, UInt32(FFTW_ESTIMATE))
        scratch.frame = frame
        scratch.spectrum = spectrum
        scratch.acf = acf
    }

    /// Calls `cdsp_pitch_frames`; returns its status (0 done, -1 refused).
    @discardableResult
    func call(samples: [Float], length: Int, first: Int, centres: [Int], pitch: inout [Float], strength: inout [Float]) -> Int32 {
        samples.withUnsafeBufferPointer { s in
            centres.withUnsafeBufferPointer { c in
                cdsp_pitch_frames(&tables, &scratch, s.baseAddress, length, first, c.baseAddress, centres.count,
                                  &pitch, &strength)
            }
        }
    }
}
