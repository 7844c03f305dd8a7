/*
 * cdsp_resample.h - rational-ratio polyphase resampling (out rate / in rate = L / M in lowest terms)
 * with a caller-built table of L windowed-sinc phases, addressed by absolute sample index so that a
 * long signal can be converted in arbitrary blocks with identical results.
 */
#ifndef CDSP_RESAMPLE_H
#define CDSP_RESAMPLE_H

/*
 * Output sample n lies at input position n * M / L. With base = floor(n * M / L) and phase p = (n * M) mod L:
 *   out[n - out_first] = sum_k table[p * num_taps + k] * x(base - num_taps / 2 + 1 + k)
 * where x(i) = in[i - in_first] when 0 <= i - in_first < in_length and 0 otherwise.
 * num_taps must be at most CDSP_MAX_RESAMPLE_TAPS.
 */
#define CDSP_MAX_RESAMPLE_TAPS 1024

void cdsp_resample_polyphase(const float *in, long in_length, long in_first,
                             const float *table, int num_phases, int num_taps, long step,
                             long out_first, long out_length, float *out);

#endif /* CDSP_RESAMPLE_H */
