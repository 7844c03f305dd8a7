import COpenBLAS

/// Reads the weights of a pretrained network (`CAMPlusModel`, `SegmentationModel`) from a model container into
/// the one 64-byte-aligned buffer its C forward pass reads, following the network's C tensor table.
///
/// Why it exists: each network's C code lists its weight tensors (model section name, shape, place in the buffer)
/// and copies them into place itself; reading every section the table names with exactly its shape, checking that
/// every value is finite, and only then allocating the buffer and storing the tensors is the same for both
/// networks, and it is what lets the C code trust a file. A damaged or foreign file is a `ModelContainerError`
/// naming the file, never a crash.
enum NetworkWeights {
    /// One entry of a network's C tensor table.
    struct Tensor {
        /// Model section name.
        let name: String
        /// Extents in the model file's (PyTorch) order.
        let shape: [Int]
        /// Product of the shape.
        let count: Int
        /// Not a model-file section: the caller computes the values (the segmentation network's SincNet filters).
        let computed: Bool

        /// An entry as the C code describes it: `name` a C char array, `shape` a C int array of which the first
        /// `rank` extents count.
        init<Name, Shape>(name: Name, rank: Int32, shape: Shape, count: Int, computed: Bool) {
            self.name = withUnsafeBytes(of: name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            self.shape = withUnsafeBytes(of: shape) { Array($0.bindMemory(to: Int32.self).prefix(Int(rank))) }.map { Int($0) }
            self.count = count
            self.computed = computed
        }
    }

    /// OpenBLAS's own threads are switched off once, before the first product: parallelism is the caller's
    /// (`threads`), and a BLAS thread pool on top of it would oversubscribe the cores. Evaluated by every model's
    /// initialiser.
    static let singleThreadedBLAS: Void = { openblas_set_num_threads(1) }()

    /// The weight buffer (`weightFloats` floats) of a network whose tensor table has `tensorCount` entries:
    /// `describe(index)` gives entry `index` (nil if the table has none), `compute` the values of a computed entry,
    /// `store(index, values, buffer)` copies entry `index` into the buffer and returns the C code's status (0 = OK).
    /// Every entry is read and checked before the buffer is allocated, so that its size is bounded by what the
    /// file really holds. `network` names the network in messages ("CAM++").
    static func load(from c: ModelContainer, network: String, tensorCount: Int, weightFloats: Int,
                     describe: (Int32) -> Tensor?, compute: ((Tensor) throws -> [Float])? = nil,
                     store: (Int32, UnsafeBufferPointer<Float>, AlignedFloatBuffer) -> Int32) throws -> AlignedFloatBuffer {
        var tensors: [(index: Int32, values: [Float])] = []
        tensors.reserveCapacity(tensorCount)
        for index in 0..<Int32(tensorCount) {
            guard let tensor = describe(index) else {
                throw c.error(.invalidModel, "\(network) tensor table has no entry \(index)")
            }
            if tensor.computed, let compute {
                tensors.append((index, try compute(tensor)))
            } else {
                tensors.append((index, try finiteFloats(c, tensor.name, shape: tensor.shape)))
            }
        }

        let buffer = AlignedFloatBuffer(count: weightFloats)
        for t in tensors {
            let rc = t.values.withUnsafeBufferPointer { store(t.index, $0, buffer) }
            guard rc == 0 else { throw c.error(.invalidModel, "cannot store \(network) tensor \(t.index) (error \(rc))") }
        }
        return buffer
    }

    /// The float32 section `name` with this shape (-1: any extent), every value finite.
    static func finiteFloats(_ c: ModelContainer, _ name: String, shape: [Int]) throws -> [Float] {
        let values = try c.floats(name, shape: shape).values
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw c.error(.invalidModel, "section '\(name)' has a non-finite value (\(values[bad])) at index \(bad)")
        }
        return values
    }
}
