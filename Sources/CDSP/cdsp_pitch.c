#include "cdsp_pitch.h"
#include "cdsp_sum.h"
#include <math.h>
#include <string.h>

/* Copies the frame [first, first + n) of the decimated signal into dst, zero outside the buffer. */
static inline __attribute__((always_inline)) void fetch(const float *dec, long dec_length, long dec_first, long first, int n, float *restrict dst)
{
    const long start = first - dec_first;
    if (start >= 0 && start + n <= dec_length) {
        memcpy(dst, dec + start, (size_t)n * sizeof(float));
        return;
    }
    for (int i = 0; i < n; i++) {
        const long j = start + i;
        dst[i] = (j >= 0 && j < dec_length) ? dec[j] : 0.0f;
    }
}

/* The arguments cdsp_pitch_frames can work with (see cdsp_pitch.h). */
static int valid_call(const cdsp_pitch_tables *t, const cdsp_pitch_scratch *s, const float *dec, long dec_length,
                      long dec_first, const long *centres, long num_frames, const float *pitch, const float *strength)
{
    const long limit = CDSP_MAX_PITCH_INDEX;
    if (t == NULL || s == NULL || num_frames < 0) return 0;
    if (t->window_length < 1 || t->fft_size < t->window_length || t->min_lag < 2 || t->max_lag < t->min_lag
        || t->max_lag + 1 >= t->fft_size) return 0;
    if (dec_length < 0 || dec_length > limit || dec_first < -limit || dec_first > limit) return 0;
    if (dec_length > 0 && dec == NULL) return 0;
    if (num_frames > 0 && (centres == NULL || pitch == NULL || strength == NULL)) return 0;
    for (long f = 0; f < num_frames; f++)
        if (centres[f] < -limit || centres[f] > limit) return 0;
    return 1;
}

CDSP_HOT int cdsp_pitch_frames(const cdsp_pitch_tables *t, const cdsp_pitch_scratch *s,
                      const float *dec, long dec_length, long dec_first,
                      const long *centres, long num_frames,
                      float *pitch, float *strength)
{
    if (!valid_call(t, s, dec, dec_length, dec_first, centres, num_frames, pitch, strength)) return -1;
    const int n = t->window_length;
    const int nfft = t->fft_size;
    const int num_bins = nfft / 2 + 1;
    const int min_lag = t->min_lag, max_lag = t->max_lag;
    const float *restrict w = t->window;
    const float *restrict inv_wacf = t->inverse_window_acf;
    const float *restrict penalty = t->lag_penalty;
    float *restrict frame = s->frame;
    float *restrict acf = s->acf;
    fftwf_complex *restrict spec = s->spectrum;
    const float silence_energy = t->silence_rms * t->silence_rms * (float)n;

    for (long f = 0; f < num_frames; f++) {
        fetch(dec, dec_length, dec_first, centres[f] - n / 2, n, frame);
        const float mean = cdsp_sum8(frame, n) / (float)n;
        for (int i = 0; i < n; i++) frame[i] -= mean;
        const float energy = cdsp_dot8(frame, frame, n);
        for (int i = 0; i < n; i++) frame[i] *= w[i];
        for (int i = n; i < nfft; i++) frame[i] = 0.0f;
        if (!(energy > silence_energy)) {
            pitch[f] = 0.0f;
            strength[f] = 0.0f;
            continue;
        }

        fftwf_execute_dft_r2c(t->forward, frame, spec);
        for (int k = 0; k < num_bins; k++) {
            spec[k][0] = spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1];
            spec[k][1] = 0.0f;
        }
        fftwf_execute_dft_c2r(t->backward, spec, acf);
        const float r0 = acf[0];
        if (!(r0 > 0.0f)) {
            pitch[f] = 0.0f;
            strength[f] = 0.0f;
            continue;
        }
        /* Normalised autocorrelation corrected for the window (Boersma 1993), lags min_lag-1..max_lag+1. */
        const float inv_r0 = 1.0f / r0;
        for (int lag = min_lag - 1; lag <= max_lag + 1; lag++) acf[lag] = acf[lag] * inv_r0 * inv_wacf[lag];

        /* Best local maximum, favouring higher frequencies by octave_cost per octave. */
        int best_lag = 0;
        float best_score = -1e30f;
        for (int lag = min_lag; lag <= max_lag; lag++) {
            const float v = acf[lag];
            if (v > acf[lag - 1] && v >= acf[lag + 1] && v > 0.0f) {
                const float score = v - penalty[lag];
                if (score > best_score) {
                    best_score = score;
                    best_lag = lag;
                }
            }
        }
        if (best_lag == 0) {
            pitch[f] = 0.0f;
            strength[f] = 0.0f;
            continue;
        }
        /* Parabolic interpolation of the peak position and height. */
        const float a = acf[best_lag - 1], b = acf[best_lag], c = acf[best_lag + 1];
        const float denom = a - 2.0f * b + c;
        float delta = 0.0f, peak = b;
        if (denom < 0.0f) {
            delta = 0.5f * (a - c) / denom;
            if (delta > 0.5f) delta = 0.5f;
            if (delta < -0.5f) delta = -0.5f;
            peak = b - 0.25f * (a - c) * delta;
        }
        if (peak > 1.0f) peak = 1.0f;
        if (peak < 0.0f) peak = 0.0f;
        const float f0 = t->sample_rate / ((float)best_lag + delta);
        strength[f] = peak;
        pitch[f] = (peak >= t->voicing_threshold && f0 >= t->min_pitch && f0 <= t->max_pitch) ? f0 : 0.0f;
    }
    return 0;
}
