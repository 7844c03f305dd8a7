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
 * machine's vector width.
 */
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define CDSP_HOT __attribute__((target_clones("avx2", "default")))
#else
#define CDSP_HOT
#endif

static inline float cdsp_dot8(const float *restrict a, const float *restrict b, int n)
{
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int j = 0;
    for (; j + 8 <= n; j += 8)
        for (int l = 0; l < 8; l++) acc[l] += a[j + l] * b[j + l];
    float tail = 0.0f;
    for (; j < n; j++) tail += a[j] * b[j];
    return (((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))) + tail;
}

static inline float cdsp_sum8(const float *restrict a, int n)
{
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int j = 0;
    for (; j + 8 <= n; j += 8)
        for (int l = 0; l < 8; l++) acc[l] += a[j + l];
    float tail = 0.0f;
    for (; j < n; j++) tail += a[j];
    return (((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))) + tail;
}

#endif /* CDSP_SUM_H */
