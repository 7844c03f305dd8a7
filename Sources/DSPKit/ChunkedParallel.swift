import Foundation

/// Deterministic data parallelism for the diarization stages: work over `0..<count` is cut into fixed
/// chunks (independent of the thread count), each chunk is processed by exactly one worker, and every
/// result is written to its own slot, so the output is byte-identical for any `threads`.
enum ChunkedParallel {
    /// Calls `body(range)` for consecutive ranges of `chunkSize` indices covering `0..<count`, on up to
    /// `threads` workers. `body` must only write to slots owned by its range.
    static func forEachChunk(count: Int, chunkSize: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let size = max(1, chunkSize)
        let chunks = (count + size - 1) / size
        let workers = min(max(1, threads), chunks)
        if workers == 1 {
            for c in 0..<chunks { body((c * size)..<min(count, (c + 1) * size)) }
            return
        }
        // Workers take chunks in a fixed interleaved pattern; which worker runs a chunk does not change its result.
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var c = worker
                while c < chunks {
                    body((c * size)..<min(count, (c + 1) * size))
                    c += workers
                }
            }
        }
    }

    /// `transform` applied to every index, computed in parallel chunks, returned in index order.
    static func map<T>(count: Int, chunkSize: Int, threads: Int, initial: T, _ transform: (Int) -> T) -> [T] {
        var out = [T](repeating: initial, count: count)
        out.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            forEachChunk(count: count, chunkSize: chunkSize, threads: threads) { range in
                for i in range { slots[i] = transform(i) }
            }
        }
        return out
    }
}
