#include <stddef.h>
#include "cdsp_decimate.h"
#include "cdsp_sum.h"

CDSP_HOT int cdsp_decimate(const float *in, long in_length, long in_first,
                  const float *taps, int num_taps, int factor,
                  long out_first, long out_length, float *out)
{
    const long limit = CDSP_MAX_DECIMATE_INDEX;
    if (num_taps < 1 || num_taps > CDSP_MAX_TAPS || num_taps % 2 == 0 || factor < 1 || factor > CDSP_MAX_DECIMATION
        || in_length < 0 || in_length > limit || out_length < 0 || out_length > limit
        || in_first < -limit || in_first > limit || out_first < -limit || out_first > limit
        || taps == NULL || (in_length > 0 && in == NULL) || (out_length > 0 && out == NULL))
        return -1;
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
    return 0;
}
