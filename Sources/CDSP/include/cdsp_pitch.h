/*
 * cdsp_pitch.h - per-frame fundamental frequency by normalised autocorrelation
 * (Boersma 1993: the windowed signal's autocorrelation divided by the window's own autocorrelation),
 * computed through FFTW on a decimated signal (see cdsp_decimate.h).
 */
#ifndef CDSP_PITCH_H
#define CDSP_PITCH_H

#include <fftw3.h>

/* Read-only tables shared by all threads. Every pointer is owned by the caller. */
typedef struct cdsp_pitch_tables {
    int window_length;          /* analysis window at the decimated rate, samples */
    int fft_size;               /* >= window_length + max_lag + 1 */
    int min_lag;                /* smallest lag searched (= rate / max F0), >= 2 */
    int max_lag;                /* largest lag searched (= rate / min F0), < window_length */
    float sample_rate;          /* decimated rate, Hz */
    float min_pitch, max_pitch; /* F0 range, Hz: estimates outside it are reported unvoiced */
    float voicing_threshold;    /* strength below which a frame is unvoiced (0 Hz) */
    float silence_rms;          /* frames whose RMS is below this are unvoiced with strength 0 */
    const float *window;        /* [window_length] Hann window */
    const float *inverse_window_acf; /* [max_lag + 2] 1 / normalised autocorrelation of the window */
    const float *lag_penalty;   /* [max_lag + 2] octave_cost * log2(lag / min_lag), subtracted from strengths */
    fftwf_plan forward;         /* r2c plan of length fft_size */
    fftwf_plan backward;        /* c2r plan of length fft_size */
} cdsp_pitch_tables;

/* Largest |sample index| accepted by cdsp_pitch_frames: 2^40, so that no index arithmetic overflows. */
#define CDSP_MAX_PITCH_INDEX (1L << 40)

/* Per-thread scratch. */
typedef struct cdsp_pitch_scratch {
    float *frame;               /* [fft_size], aligned like the plans' real arrays */
    fftwf_complex *spectrum;    /* [fft_size / 2 + 1], aligned like the plans' complex arrays */
    float *acf;                 /* [fft_size], aligned like the plans' real arrays */
} cdsp_pitch_scratch;

/*
 * Frame f (0 <= f < num_frames) is centred on the decimated sample centres[f] (absolute index) and
 * covers [centres[f] - window_length / 2, + window_length). Samples are read from the decimated
 * signal dec (dec[0] has absolute index dec_first), zero outside it.
 * Writes F0 in Hz (0 = unvoiced) to pitch[f] and the strength in [0, 1] to strength[f].
 * Returns 0, or -1 without writing when the tables are inconsistent (window longer than the FFT, lags outside
 * 1 .. fft_size - 2), a length is negative, or an index (dec_first, dec_length, a centre) exceeds
 * CDSP_MAX_PITCH_INDEX in magnitude.
 */
int cdsp_pitch_frames(const cdsp_pitch_tables *t, const cdsp_pitch_scratch *s,
                       const float *dec, long dec_length, long dec_first,
                       const long *centres, long num_frames,
                       float *pitch, float *strength);

#endif /* CDSP_PITCH_H */
