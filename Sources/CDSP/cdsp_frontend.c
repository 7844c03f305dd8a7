#include "cdsp_frontend.h"
#include <limits.h>
#include "cdsp_sum.h"
#include <math.h>
#include <string.h>

/* DC removal, raw energy, pre-emphasis and window into s->frame (zero-padded to fft_size). */
static inline __attribute__((always_inline)) float prepare_frame(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s, const float *restrict x)
{
    const int n = t->window_length;
    const float p = t->preemphasis;
    const float *restrict w = t->window;
    float *restrict f = s->frame;

    const float mean = t->remove_dc ? cdsp_sum8(x, n) / (float)n : 0.0f;
    /* Energy of the centred frame (computed in f), then f is overwritten from x in a forward,
       vectorisable pass with Kaldi-style per-frame pre-emphasis: y[0] = x[0] - p x[0], y[i] = x[i] - p x[i-1]. */
    for (int i = 0; i < n; i++) f[i] = x[i] - mean;
    const float energy = cdsp_dot8(f, f, n);
    f[0] = ((x[0] - mean) - p * (x[0] - mean)) * w[0];
    for (int i = 1; i < n; i++) f[i] = ((x[i] - mean) - p * (x[i - 1] - mean)) * w[i];
    for (int i = n; i < t->fft_size; i++) f[i] = 0.0f;
    return energy;
}

static inline __attribute__((always_inline)) void power_of_spectrum(int num_bins, const fftwf_complex *restrict spec, float *restrict power)
{
    for (int k = 0; k < num_bins; k++) power[k] = spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1];
}

void cdsp_power_spectrum(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s,
                         const float *frame, float *power, float *log_energy)
{
    const float energy = prepare_frame(t, s, frame);
    fftwf_execute_dft_r2c(t->plan, s->frame, s->spectrum);
    power_of_spectrum(t->fft_size / 2 + 1, s->spectrum, power);
    *log_energy = logf(energy > t->log_floor ? energy : t->log_floor);
}

/* Log mel energies of the frame at x into mel[0, num_bands); returns the raw frame energy. */
static inline __attribute__((always_inline)) float log_mel_of_frame(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s,
                                                                     const float *restrict x, float *restrict mel)
{
    const int num_bands = t->num_bands;
    const float floor_value = t->log_floor;
    const float energy = prepare_frame(t, s, x);
    fftwf_execute_dft_r2c(t->plan, s->frame, s->spectrum);
    power_of_spectrum(t->fft_size / 2 + 1, s->spectrum, s->power);
    for (int b = 0; b < num_bands; b++) {
        const float acc = cdsp_dot8(t->band_weights + t->band_offset[b], s->power + t->band_first_bin[b],
                                    t->band_num_bins[b]);
        mel[b] = acc > floor_value ? acc : floor_value;
    }
    for (int b = 0; b < num_bands; b++) mel[b] = logf(mel[b]);
    return energy;
}

/* Whether num_frames frames (num_frames >= 1) at this hop lie inside the signal and their rows inside a long's
 * range of floats, computed by division so that no product of hostile sizes can overflow. */
static int frames_fit(const cdsp_mfcc_tables *t, long signal_length, long hop, long num_frames, long out_stride)
{
    if (hop <= 0 || out_stride <= 0 || signal_length < t->window_length) return 0;
    if (num_frames - 1 > (signal_length - t->window_length) / hop) return 0;
    return out_stride <= LONG_MAX / num_frames;
}

CDSP_HOT int cdsp_log_mel_frames(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s,
                                 const float *signal, long signal_length, long hop, long num_frames,
                                 float *out, long out_stride)
{
    if (num_frames <= 0) return 0;
    if (out_stride < t->num_bands || !frames_fit(t, signal_length, hop, num_frames, out_stride)) return -1;
    for (long f = 0; f < num_frames; f++) (void)log_mel_of_frame(t, s, signal + f * hop, out + f * out_stride);
    return 0;
}

CDSP_HOT int cdsp_mfcc_frames(const cdsp_mfcc_tables *t, const cdsp_mfcc_scratch *s,
                     const float *signal, long signal_length, long hop, long num_frames,
                     float *out, long out_stride)
{
    if (num_frames <= 0) return 0;
    if (out_stride < t->num_ceps + 1 || !frames_fit(t, signal_length, hop, num_frames, out_stride)) return -1;

    const int num_bands = t->num_bands;
    const int num_ceps = t->num_ceps;
    const float floor_value = t->log_floor;
    float *restrict mel = s->mel;

    for (long f = 0; f < num_frames; f++) {
        const float energy = log_mel_of_frame(t, s, signal + f * hop, mel);

        /* DCT as a sum of band-major rows: vectorises across cepstra, accumulates bands in order. */
        float *restrict row = out + f * out_stride;
        for (int c = 0; c < num_ceps; c++) row[c] = 0.0f;
        for (int b = 0; b < num_bands; b++) {
            const float *restrict d = t->dct + (long)b * num_ceps;
            const float m = mel[b];
            for (int c = 0; c < num_ceps; c++) row[c] += d[c] * m;
        }
        row[num_ceps] = logf(energy > floor_value ? energy : floor_value);
    }
    return 0;
}
