#include "cdsp_decimate.h"
#include "cdsp_sum.h"

CDSP_HOT void cdsp_decimate(const float *in, long in_length, long in_first,
                   const float *taps, int num_taps, int factor,
                   long out_first, long out_length, float *out)
{
    const long half = (num_taps - 1) / 2;
    float edge[CDSP_MAX_TAPS];
    for (long k = 0; k < out_length; k++) {
        /* index into `in` of the first tap */
        const long start = (out_first + k) * factor - half - in_first;
        if (start >= 0 && start + num_taps <= in_length) {
            out[k] = cdsp_dot8(taps, in + start, num_taps);
        } else {
            /* Near the ends of the buffer: same arithmetic on a zero-padded copy. */
            for (int j = 0; j < num_taps; j++) {
                const long i = start + j;
                edge[j] = (i >= 0 && i < in_length) ? in[i] : 0.0f;
            }
            out[k] = cdsp_dot8(taps, edge, num_taps);
        }
    }
}
