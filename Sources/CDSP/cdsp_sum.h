/*
 * cdsp_sum.h (private) - reductions in 8 independent lanes combined in a fixed order.
 *
 * Without -ffast-math a compiler may not reorder a float sum, so a plain `acc += a[i] * b[i]` loop runs
 * one add at a time. Eight explicit lanes are vectorised as they are written, and the final combination
 * order is fixed, so results are the same on every run and for any chunking of the caller's work.
 */
#ifndef CDSP_SUM_H
#define CDSP_SUM_H

/*
 * Hot loops are compiled twice on x86-64 Linux, for AVX2 and for the baseline, and the loader picks one
 * (ifunc). AVX2 without FMA: the explicit 8-lane sums and the element-wise loops round exactly as in the
 * baseline build (checked: identical feature files from both builds), so results do not depend on the
 * machine's vector width. Not under ThreadSanitizer (cdsp_clones.h).
 */
#include "cdsp_clones.h"
#ifdef CDSP_USE_TARGET_CLONES
#define CDSP_HOT __attribute__((target_clones("avx2", "default")))
#else
#define CDSP_HOT
#endif

#include <string.h>

/* Eight float lanes (GCC/Clang vector extension): one AVX register, or two SSE registers on the baseline. */
typedef float cdsp_v8 __attribute__((vector_size(32)));

/* Unaligned load of 8 floats at p into the cdsp_v8 variable v (a macro: vectors never cross a call). */
#define CDSP_LOAD8(v, p) memcpy(&(v), (p), sizeof(cdsp_v8))
#define CDSP_REDUCE8(acc) \
    ((((acc)[0] + (acc)[1]) + ((acc)[2] + (acc)[3])) + (((acc)[4] + (acc)[5]) + ((acc)[6] + (acc)[7])))

static inline float cdsp_dot8(const float *restrict a, const float *restrict b, int n)
{
    cdsp_v8 acc = {0, 0, 0, 0, 0, 0, 0, 0}, va, vb;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
        CDSP_LOAD8(va, a + j);
        CDSP_LOAD8(vb, b + j);
        acc += va * vb;
    }
    float tail = 0.0f;
    for (; j < n; j++) tail += a[j] * b[j];
    return CDSP_REDUCE8(acc) + tail;
}

static inline float cdsp_sum8(const float *restrict a, int n)
{
    cdsp_v8 acc = {0, 0, 0, 0, 0, 0, 0, 0}, va;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
        CDSP_LOAD8(va, a + j);
        acc += va;
    }
    float tail = 0.0f;
    for (; j < n; j++) tail += a[j];
    return CDSP_REDUCE8(acc) + tail;
}

#endif /* CDSP_SUM_H */
