#include "cdsp_resample.h"
#include "cdsp_sum.h"

CDSP_HOT void cdsp_resample_polyphase(const float *in, long in_length, long in_first,
                             const float *table, int num_phases, int num_taps, long step,
                             long out_first, long out_length, float *out)
{
    float edge[CDSP_MAX_RESAMPLE_TAPS];
    const long offset = num_taps / 2 - 1;
    for (long k = 0; k < out_length; k++) {
        const long position = (out_first + k) * step;
        const long base = position / num_phases;
        const long phase = position - base * num_phases;
        const float *restrict h = table + phase * num_taps;
        const long start = base - offset - in_first;
        if (start >= 0 && start + num_taps <= in_length) {
            out[k] = cdsp_dot8(h, in + start, num_taps);
        } else {
            /* Near the ends of the buffer: same arithmetic on a zero-padded copy. */
            for (int j = 0; j < num_taps; j++) {
                const long i = start + j;
                edge[j] = (i >= 0 && i < in_length) ? in[i] : 0.0f;
            }
            out[k] = cdsp_dot8(h, edge, num_taps);
        }
    }
}
