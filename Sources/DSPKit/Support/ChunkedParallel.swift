import Foundation

/// Deterministic data parallelism for the diarization stages: work over `0..<count` is cut into fixed
/// chunks (independent of the thread count), each chunk is processed by exactly one worker, and every
/// result is written to its own slot, so the output is byte-identical for any `threads`.
enum ChunkedParallel {
    /// Calls `body(range)` for consecutive ranges of `chunkSize` indices covering `0..<count`, on up to
    /// `threads` workers. `body` must only write to slots owned by its range.
    static func forEachChunk(count: Int, chunkSize: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        forEachChunkWithWorker(count: count, chunkSize: chunkSize, threads: threads) { range, _ in body(range) }
    }

    /// Number of workers `forEachChunk` uses: at most `threads`, at most one per chunk.
    static func workerCount(count: Int, chunkSize: Int, threads: Int) -> Int {
        guard count > 0 else { return 0 }
        let size = max(1, chunkSize)
        return min(max(1, threads), (count + size - 1) / size)
    }

    /// `forEachChunk` that also tells `body` which worker (0..<workerCount) runs the chunk, so that each worker
    /// can reuse its own scratch buffers. `body`'s results must not depend on the worker.
    static func forEachChunkWithWorker(count: Int, chunkSize: Int, threads: Int, _ body: (Range<Int>, Int) -> Void) {
        guard count > 0 else { return }
        let size = max(1, chunkSize)
        let chunks = (count + size - 1) / size
        let workers = workerCount(count: count, chunkSize: chunkSize, threads: threads)
        if workers == 1 {
            for c in 0..<chunks { body((c * size)..<min(count, (c + 1) * size), 0) }
            return
        }
        // Workers take chunks in a fixed interleaved pattern; which worker runs a chunk does not change its result.
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var c = worker
                while c < chunks {
                    body((c * size)..<min(count, (c + 1) * size), worker)
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
