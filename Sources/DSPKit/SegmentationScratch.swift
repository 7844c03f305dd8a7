/// Working memory of `SegmentationNetwork` kept from one call to the next: a workspace and an input buffer per
/// worker, grown when a larger batch needs more.
///
/// Why it exists: a film is segmented a group of windows at a time while it streams by; allocating the
/// workspaces (about 26 MB per worker for 16 windows of 10 s) for every group would let freed blocks pile up
/// (see `CAMPlusScratch`). One scratch per analysis keeps memory flat. Not thread-safe: use one per concurrent
/// caller.
public final class SegmentationScratch {
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
