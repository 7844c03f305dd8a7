/*
 * cdsp_frontend.h - per-frame MFCC + log energy (Kaldi-style framing, HTK mel, orthonormal DCT-II) and
 *                   log mel filterbank energies (Kaldi fbank, the speaker embedding's input).
 *
 * Tables (window, sparse mel weights, DCT matrix) and the FFTW plan are built once by the caller
 * (DSPKit) and only read here, so several threads may run cdsp_mfcc_frames at once, each with its
 * own scratch buffers. Frames are computed independently of each other: the output of a frame
 * depends only on the samples it covers, never on where a processing chunk starts.
 */
#ifndef CDSP_FRONTEND_H
#define CDSP_FRONTEND_H

#include <fftw3.h>

/* Read-only tables shared by all threads. Every pointer is owned by the caller. */
typedef struct cdsp_mfcc_tables {
    int window_length;          /* samples per frame (e.g. 400 = 25 ms at 16 kHz) */
    int fft_size;               /* real FFT length, >= window_length (e.g. 512) */
    int num_bands;              /* mel bands */
    int num_ceps;               /* cepstra c0..c(num_ceps-1) */
    float preemphasis;          /* coefficient, 0 disables */
    float log_floor;            /* energies are floored to this before the log */
    int remove_dc;              /* 1: subtract the frame mean before energy and pre-emphasis */
    const float *window;        /* [window_length] analysis window */
    const int *band_first_bin;  /* [num_bands] first FFT bin with a non-zero weight */
    const int *band_num_bins;   /* [num_bands] number of consecutive bins with weights */
    const int *band_offset;     /* [num_bands] offset of the band's weights in band_weights */
    const float *band_weights;  /* [sum of band_num_bins] triangular mel weights */
    const float *dct;           /* [num_bands * num_ceps] DCT-II matrix, band-major: dct[b * num_ceps + c] */
    fftwf_plan plan;            /* r2c plan of length fft_size, made by the caller */
} cdsp_mfcc_tables;

/* Per-thread scratch: sizes in floats. */
typedef struct cdsp_mfcc_scratch {
    float *frame;               /* [fft_size], aligned like the plan's input */
    fftwf_complex *spectrum;    /* [fft_size / 2 + 1], aligned like the plan's output */
    float *power;               /* [fft_size / 2 + 1] */
    float *mel;                 /* [num_bands] */
} cdsp_mfcc_scratch;

/*
 * Computes num_frames frames. Frame f starts at signal[f * hop] and covers window_length samples,
 * all of which must lie inside signal[0, signal_length). Row f of out (out + f * out_stride) receives
 * c0..c(num_ceps-1) followed by the natural log of the frame energy (num_ceps + 1 values; out_stride >=
 * num_ceps + 1). Returns 0, or -1 for invalid sizes or a frame outside the signal (nothing is written then).
 */
int cdsp_mfcc_frames(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s,
                     const float *signal, long signal_length, long hop, long num_frames,
                     float *out, long out_stride);

/*
 * Log mel filterbank energies (Kaldi "fbank"): the same framing, DC removal, pre-emphasis, window, FFT and
 * mel weights as cdsp_mfcc_frames, stopping at the natural log of the floored band energies (t->dct and
 * t->num_ceps are not used). Row f of out receives num_bands values; out_stride >= num_bands.
 * Returns 0, or -1 for invalid sizes or a frame outside the signal (nothing is written then).
 */
int cdsp_log_mel_frames(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s,
                        const float *signal, long signal_length, long hop, long num_frames,
                        float *out, long out_stride);

/*
 * Power spectrum of one frame after the same DC removal, pre-emphasis and window as cdsp_mfcc_frames;
 * power receives fft_size/2+1 values and *log_energy the log of the raw frame energy. For tests and
 * diagnostics (the mel and DCT stages are then checked separately).
 */
void cdsp_power_spectrum(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s,
                         const float *frame, float *power, float *log_energy);

#endif /* CDSP_FRONTEND_H */
