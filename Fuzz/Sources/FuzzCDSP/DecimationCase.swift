import CDSP
import FuzzSupport

/// `cdsp_decimate` (the pitch tracker's low-pass and decimation) with hostile taps, factors, offsets and
/// lengths: a call it can do must write exactly its output; any other must be refused without writing.
enum DecimationCase {
    static func hostileCall(_ input: inout FuzzInput) {
        let samples = input.hostileFloats(min(input.int(in: 0...512), input.remaining))
        let declaredTaps = input.bool() ? Int32(input.int(in: 0...41)) : input.hostileInt32()
        let taps = input.hostileFloats((1...2048).contains(declaredTaps) ? Int(declaredTaps) : 1)
        let factor = input.bool() ? Int32(input.int(in: 1...6)) : input.hostileInt32()
        let inFirst = input.bool() ? input.int(in: -600...600) : Int(input.hostileInt32()) << Int(input.byte() % 40)
        let outFirst = input.bool() ? input.int(in: -600...600) : Int(input.hostileInt32()) << Int(input.byte() % 40)
        // The output buffer always holds the declared length (the C code cannot know it): a non-negative length
        // is at most 4096, a negative one any.
        let outLength = input.bool() ? input.int(in: 0...300) : Int(input.hostileInt32()) % 4097
        let declaredIn = input.bool() ? samples.count : min(samples.count, Int(input.hostileInt32()))
        let outCapacity = max(1, outLength)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: outCapacity)
        defer { out.deallocate() }
        out.initialize(repeating: -7, count: outCapacity)
        let status = samples.withUnsafeBufferPointer { s in
            taps.withUnsafeBufferPointer { t in
                cdsp_decimate(s.baseAddress, declaredIn, inFirst, t.baseAddress, declaredTaps, factor,
                              outFirst, outLength, out)
            }
        }
        if status != 0 {
            precondition((0..<outCapacity).allSatisfy { out[$0] == -7 }, "a refused cdsp_decimate call wrote its output")
        }
    }
}
