/// A fixed-size, zero-initialised Float buffer aligned to 64 bytes, freed with its owner.
///
/// FFTW's new-array execute functions need buffers aligned like the ones the plan was made with;
/// 64-byte alignment satisfies every SIMD width FFTW uses. Also used for C tables that must keep a
/// stable address for the lifetime of an extractor.
final class AlignedFloatBuffer: @unchecked Sendable {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }

    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
