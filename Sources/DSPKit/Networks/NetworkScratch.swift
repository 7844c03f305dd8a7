/// Working memory of a pretrained network's forward passes (`CAMPlusEmbedder`, `SegmentationNetwork`) kept from
/// one call to the next: a workspace and an input buffer per worker, grown when a larger batch needs more, and
/// the loop that runs batches of windows on those workers.
///
/// Why it exists: a film is embedded a group of pieces at a time, and segmented a group of windows at a time
/// while it streams by; allocating the workspaces (15–20 MB per worker for CAM++, about 26 MB for 16
/// segmentation windows of 10 s) for every group lets the freed blocks pile up in the allocator's per-thread
/// pools (with the embedding's, peak memory grew by about 100 MB over a 2-hour film). One scratch per analysis
/// and network keeps it flat. Not thread-safe: use one per concurrent caller.
public final class NetworkScratch {
    private(set) var workspaces: [AlignedFloatBuffer] = []
    private(set) var inputs: [AlignedFloatBuffer] = []

    public init() {}

    /// Makes sure there are `workers` buffers of at least these sizes (floats).
    func reserve(workers: Int, workspaceFloats: Int, inputFloats: Int) {
        for w in 0..<workers {
            if w >= workspaces.count {
                workspaces.append(AlignedFloatBuffer(count: workspaceFloats))
                inputs.append(AlignedFloatBuffer(count: inputFloats))
                continue
            }
            if workspaces[w].count < workspaceFloats { workspaces[w] = AlignedFloatBuffer(count: workspaceFloats) }
            if inputs[w].count < inputFloats { inputs[w] = AlignedFloatBuffer(count: inputFloats) }
        }
    }

    /// Runs `batches` (consecutive ranges of window indices covering `0..<windows`) one per `ChunkedParallel`
    /// chunk on up to `threads` workers, each with its own input buffer and workspace of at least these sizes
    /// (floats). `body(batch, input, workspace, output)` fills the input and runs the forward pass, writing
    /// `outputsPerWindow` floats per window from `output` (the place of window `batch.lowerBound`); it is called
    /// from several threads at once and must only read shared data. Returns every window's output, window-major:
    /// the same for any thread count.
    func run(batches: [Range<Int>], windows: Int, outputsPerWindow: Int, threads: Int, workspaceFloats: Int,
             inputFloats: Int,
             body: (Range<Int>, AlignedFloatBuffer, AlignedFloatBuffer, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        let workers = ChunkedParallel.workerCount(count: batches.count, chunkSize: 1, threads: threads)
        reserve(workers: workers, workspaceFloats: workspaceFloats, inputFloats: inputFloats)
        let workspaces = self.workspaces, inputs = self.inputs
        var flat = [Float](repeating: 0, count: windows * outputsPerWindow)
        flat.withUnsafeMutableBufferPointer { out in
            let outBase = out.baseAddress!
            ChunkedParallel.forEachChunkWithWorker(count: batches.count, chunkSize: 1, threads: threads) { chunk, worker in
                for batch in batches[chunk] {
                    body(batch, inputs[worker], workspaces[worker], outBase + batch.lowerBound * outputsPerWindow)
                }
            }
        }
        return flat
    }
}
