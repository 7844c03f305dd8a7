#include "cdsp_decimate.h"

/*
 * Dot product in 8 independent lanes combined in a fixed order: the compiler vectorises it without
 * reassociating, so the result is the same on every machine and for any caller-side chunking.
 */
static inline float dot8(const float *restrict a, const float *restrict b, int n)
{
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int j = 0;
    for (; j + 8 <= n; j += 8)
        for (int l = 0; l < 8; l++) acc[l] += a[j + l] * b[j + l];
    float tail = 0.0f;
    for (; j < n; j++) tail += a[j] * b[j];
    return (((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))) + tail;
}

void cdsp_decimate(const float *in, long in_length, long in_first,
                   const float *taps, int num_taps, int factor,
                   long out_first, long out_length, float *out)
{
    const long half = (num_taps - 1) / 2;
    float edge[CDSP_MAX_TAPS];
    for (long k = 0; k < out_length; k++) {
        /* index into `in` of the first tap */
        const long start = (out_first + k) * factor - half - in_first;
        if (start >= 0 && start + num_taps <= in_length) {
            out[k] = dot8(taps, in + start, num_taps);
        } else {
            /* Near the ends of the buffer: same arithmetic on a zero-padded copy. */
            for (int j = 0; j < num_taps; j++) {
                const long i = start + j;
                edge[j] = (i >= 0 && i < in_length) ? in[i] : 0.0f;
            }
            out[k] = dot8(taps, edge, num_taps);
        }
    }
}
