import Foundation

/// Triangular mel filters over the bins of a real FFT, stored sparsely (each band's run of non-zero bins).
///
/// HTK mel scale, mel(f) = 2595·log10(1 + f/700); `bands` triangles equally spaced in mel between the
/// low and high edges, each rising from its left neighbour's centre to its own and falling to its right
/// neighbour's centre, evaluated in mel at each bin's frequency k·rate/fftSize (as HTK and Kaldi do).
struct MelFilterbank {
    /// First FFT bin of each band.
    var firstBin: [Int32]
    /// Number of consecutive bins with a weight, per band.
    var binCount: [Int32]
    /// Offset of each band's weights in `weights`.
    var offset: [Int32]
    /// All weights, band after band.
    var weights: [Float]

    static func mel(_ hz: Double) -> Double { 2595 * log10(1 + hz / 700) }

    init(bands: Int, fftSize: Int, sampleRate: Int, lowFrequency: Double, highFrequency: Double) {
        let bins = fftSize / 2 + 1
        let lowMel = MelFilterbank.mel(lowFrequency), highMel = MelFilterbank.mel(highFrequency)
        let step = (highMel - lowMel) / Double(bands + 1)
        firstBin = []; binCount = []; offset = []; weights = []
        for b in 0..<bands {
            let left = lowMel + Double(b) * step, centre = left + step, right = centre + step
            var first = -1
            var run: [Float] = []
            for k in 0..<bins {
                let m = MelFilterbank.mel(Double(k) * Double(sampleRate) / Double(fftSize))
                var w = 0.0
                if m > left && m <= centre { w = (m - left) / (centre - left) }
                else if m > centre && m < right { w = (right - m) / (right - centre) }
                if w > 0 {
                    if first < 0 { first = k }
                    run.append(Float(w))
                }
            }
            if first < 0 { first = 0 } // a band narrower than a bin: empty, its energy is the log floor
            firstBin.append(Int32(first))
            binCount.append(Int32(run.count))
            offset.append(Int32(weights.count))
            weights.append(contentsOf: run)
        }
    }
}
