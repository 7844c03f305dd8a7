#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size, zero-initialised Float buffer aligned to 64 bytes, freed with its owner.
///
/// FFTW's new-array execute functions need buffers aligned like the ones the plan was made with;
/// 64-byte alignment satisfies every SIMD width FFTW uses. Also used for C tables that must keep a
/// stable address for the lifetime of an extractor, and for the speaker embedding's weights and workspaces.
/// Buffers of 1 MB or more are mapped from the system directly (page-aligned, zero pages until written,
/// returned to the system when freed): through malloc, workspaces of a few MB freed and re-made with
/// slightly different sizes were kept by the allocator and made peak memory creep up over a film.
final class AlignedFloatBuffer: @unchecked Sendable {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>
    private let mappedBytes: Int  // 0: allocated by malloc

    /// Sizes from which buffers are mapped directly.
    static let mappingThreshold = 1 << 20

    init(count: Int) {
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Float>.stride
        if bytes >= Self.mappingThreshold,
           let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED {
            mappedBytes = bytes
            pointer = raw.bindMemory(to: Float.self, capacity: max(1, count))  // anonymous pages read as zeros
        } else {
            mappedBytes = 0
            let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            pointer = raw.bindMemory(to: Float.self, capacity: max(1, count))
            pointer.initialize(repeating: 0, count: max(1, count))
        }
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit {
        if mappedBytes > 0 {
            munmap(UnsafeMutableRawPointer(pointer), mappedBytes)
        } else {
            UnsafeMutableRawPointer(pointer).deallocate()
        }
    }

    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }
}
