/// Working memory of `CAMPlusEmbedder` kept from one call to the next: a workspace and an input buffer per
/// worker, grown when a larger batch needs more.
///
/// Why it exists: a film is embedded a group of pieces at a time, and allocating 15–20 MB of workspace per
/// worker for every group let the freed blocks pile up in the allocator's per-thread pools (peak memory
/// grew by about 100 MB over a 2-hour film). One scratch per analysis keeps it flat. Not thread-safe: use
/// one per concurrent caller.
public final class CAMPlusScratch {
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
}
