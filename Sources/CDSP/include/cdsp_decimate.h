/*
 * cdsp_decimate.h - low-pass FIR filtering and decimation by an integer factor, addressed by absolute
 * sample index so that a long signal can be processed in arbitrary blocks with identical results.
 * Used for integer-ratio resampling (48 kHz -> 16 kHz) and for the pitch tracker's 8 kHz signal.
 */
#ifndef CDSP_DECIMATE_H
#define CDSP_DECIMATE_H

/* Longest decimation filter accepted by cdsp_decimate. */
#define CDSP_MAX_TAPS 1024
/* Largest decimation factor accepted by cdsp_decimate. */
#define CDSP_MAX_DECIMATION 1024
/* Largest |sample index| (in_first, out_first, lengths) accepted: 2^40, so that no index arithmetic overflows. */
#define CDSP_MAX_DECIMATE_INDEX (1L << 40)

/*
 * out[k] = sum_j taps[j] * x((out_first + k) * factor + j - (num_taps - 1) / 2)
 * where x(n) = in[n - in_first] when 0 <= n - in_first < in_length and 0 otherwise.
 * num_taps must be odd (a centred, zero-phase filter) and at most CDSP_MAX_TAPS; factor at least 1 and at
 * most CDSP_MAX_DECIMATION; lengths non-negative; every index at most CDSP_MAX_DECIMATE_INDEX in magnitude.
 * Returns 0, or -1 without writing when an argument is outside these bounds (or a needed pointer is NULL).
 */
int cdsp_decimate(const float *in, long in_length, long in_first,
                   const float *taps, int num_taps, int factor,
                   long out_first, long out_length, float *out);

#endif /* CDSP_DECIMATE_H */
