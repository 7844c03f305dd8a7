import CDSP
import XCTest

/// The C core refuses arguments it cannot work with instead of overflowing an index or reading out of bounds
/// (regressions found by the FuzzCDSP fuzz target; inputs in Fuzz/Regressions/FuzzCDSP).
final class CDSPArgumentTests: XCTestCase {
    func testDecimateRefusesHugeIndicesAndBadFiltersWithoutWriting() {
        let input = [Float](repeating: 1, count: 64), taps = [Float](repeating: 0.25, count: 5)
        var out = [Float](repeating: -7, count: 8)
        func call(inFirst: Int = 0, taps count: Int32 = 5, factor: Int32 = 3, outFirst: Int = 0, outLength: Int = 8) -> Int32 {
            input.withUnsafeBufferPointer { i in
                taps.withUnsafeBufferPointer { t in
                    cdsp_decimate(i.baseAddress, i.count, inFirst, t.baseAddress, count, factor, outFirst, outLength, &out)
                }
            }
        }
        // Found by fuzzing: (out_first + k) * factor overflowed a long.
        XCTAssertEqual(call(outFirst: -92_523_465_088 << 20, outLength: 1), -1)
        XCTAssertEqual(call(inFirst: Int.min), -1)
        XCTAssertEqual(call(taps: 4), -1)                 // even: not centred
        XCTAssertEqual(call(taps: 2049), -1)              // longer than CDSP_MAX_TAPS
        XCTAssertEqual(call(factor: 0), -1)
        XCTAssertEqual(call(factor: -3), -1)
        XCTAssertEqual(call(outLength: -1), -1)
        XCTAssertEqual(out, [Float](repeating: -7, count: 8), "a refused call wrote its output")
        XCTAssertEqual(call(), 0)
        XCTAssertEqual(out[2], 1.25, accuracy: 1e-6)      // 5 taps of 0.25 over ones
    }

    func testPitchFramesRefuseCentresBeyondTheIndexLimitWithoutWriting() {
        // A refused call returns before any FFT, so the plans and scratch buffers are never touched.
        var tables = cdsp_pitch_tables()
        tables.window_length = 320
        tables.fft_size = 1024
        tables.min_lag = 20
        tables.max_lag = 134
        var scratch = cdsp_pitch_scratch()
        let signal = [Float](repeating: 0, count: 400)
        var pitch: [Float] = [-1, -1], strength: [Float] = [-1, -1]
        for centres in [[0, 1 << 41], [Int.min, 0], [Int.max, 5]] {
            let status = signal.withUnsafeBufferPointer { s in
                centres.withUnsafeBufferPointer { c in
                    cdsp_pitch_frames(&tables, &scratch, s.baseAddress, s.count, 0, c.baseAddress, 2, &pitch, &strength)
                }
            }
            XCTAssertEqual(status, -1, "centres \(centres)")
        }
        tables.max_lag = 1023   // lag + 1 beyond the autocorrelation
        let status = signal.withUnsafeBufferPointer { s in
            [0, 10].withUnsafeBufferPointer { c in
                cdsp_pitch_frames(&tables, &scratch, s.baseAddress, s.count, 0, c.baseAddress, 2, &pitch, &strength)
            }
        }
        XCTAssertEqual(status, -1)
        XCTAssertEqual(pitch, [-1, -1])
        XCTAssertEqual(strength, [-1, -1])
    }

    func testFrameCountsThatOverflowTheFrameOffsetAreRefusedWithoutWriting() {
        // Found by fuzzing: (num_frames - 1) * hop overflowed a long before the bounds check. A refused call
        // returns before reading the tables' arrays, so only the sizes are set here.
        var tables = cdsp_mfcc_tables()
        tables.window_length = 400
        tables.num_bands = 40
        tables.num_ceps = 20
        var scratch = cdsp_mfcc_scratch()
        let signal = [Float](repeating: 0, count: 1000)
        var out = [Float](repeating: -7, count: 64)
        let calls: [(hop: Int, frames: Int, stride: Int)] = [
            (1 << 40, (1 << 40) - 1, 21), (160, Int.max, 21), (Int.max, 2, 21), (160, 2, Int.max), (160, 2, 20), (0, 1, 21),
        ]
        for call in calls {
            let mfcc = signal.withUnsafeBufferPointer { x in
                cdsp_mfcc_frames(&tables, &scratch, x.baseAddress, x.count, call.hop, call.frames, &out, call.stride)
            }
            XCTAssertEqual(mfcc, -1, "mfcc \(call)")
            guard call.stride != 20 else { continue }   // a valid log-mel call (its rows need 40 values, not 21)
            let mel = signal.withUnsafeBufferPointer { x in
                cdsp_log_mel_frames(&tables, &scratch, x.baseAddress, x.count, call.hop, call.frames, &out, max(call.stride, 40))
            }
            XCTAssertEqual(mel, -1, "log mel \(call)")
        }
        XCTAssertEqual(out, [Float](repeating: -7, count: 64), "a refused call wrote its output")
    }
}
