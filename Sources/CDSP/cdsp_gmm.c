#include "cdsp_gmm.h"

#include <math.h>

/* Components scored together, held in registers across the whole dimension loop. */
#define GMM_COMPONENT_BLOCK 16

/* Component log-likelihoods of at most CDSP_GMM_BATCH frames into out (n x K).
 * Register blocking: for a block of 16 components the accumulators stay in vector registers while the
 * loop runs over dimensions; that block's parameters (D x 16 means and half precisions) stay in L1
 * cache for every frame of the batch. Each component's sum runs over d in order, so the result does
 * not depend on the blocking. */
static void score_batch(const cdsp_gmm_params *g, const float *restrict frames, size_t n,
                        float *restrict out)
{
    const size_t K = g->components, D = g->dim;
    size_t k0 = 0;
    for (; k0 + GMM_COMPONENT_BLOCK <= K; k0 += GMM_COMPONENT_BLOCK) {
        for (size_t b = 0; b < n; b++) {
            const float *restrict x = frames + b * D;
            float acc[GMM_COMPONENT_BLOCK];
            for (size_t j = 0; j < GMM_COMPONENT_BLOCK; j++)
                acc[j] = g->log_consts[k0 + j];
            for (size_t d = 0; d < D; d++) {
                const float xd = x[d];
                const float *restrict m = g->means_t + d * K + k0;
                const float *restrict h = g->half_prec_t + d * K + k0;
                for (size_t j = 0; j < GMM_COMPONENT_BLOCK; j++) {
                    const float t = xd - m[j];
                    acc[j] -= t * t * h[j];
                }
            }
            for (size_t j = 0; j < GMM_COMPONENT_BLOCK; j++)
                out[b * K + k0 + j] = acc[j];
        }
    }
    /* Remaining components (K mod 16), one at a time, same arithmetic order. */
    for (; k0 < K; k0++) {
        for (size_t b = 0; b < n; b++) {
            const float *restrict x = frames + b * D;
            float acc = g->log_consts[k0];
            for (size_t d = 0; d < D; d++) {
                const float t = x[d] - g->means_t[d * K + k0];
                acc -= t * t * g->half_prec_t[d * K + k0];
            }
            out[b * K + k0] = acc;
        }
    }
}

/* exp(x) for x <= 0, written so that loops over it vectorise (no libm call): Cody-Waite range reduction
 * x = n ln2 + r, |r| <= ln2/2, a degree-6 Taylor polynomial for exp(r) (relative error < 2e-7) and 2^n
 * built in the exponent bits. Arguments below -87 (results below FLT_MIN) give 0; NaN gives NaN. */
static inline float exp_nonpositive(float x)
{
    /* NaN compares false and goes to -87 here, so that no NaN is ever converted to int (undefined behaviour);
     * it is given back as NaN at the end. */
    const float clamped = x > -87.0f ? x : -87.0f;
    /* n = round(x / ln2) by the float magic-number trick (round to nearest, vectorisable). */
    const float n = (clamped * 1.44269504f + 12582912.0f) - 12582912.0f;
    const float r = (clamped - n * 0.693359375f) - n * -2.12194440e-4f;
    float p = 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    union { int i; float f; } scale;
    scale.i = ((int)n + 127) << 23;
    const float y = p * scale.f;
    return x < -87.0f ? 0.0f : x == x ? y : x;
}

#define LANES 8

/* Replaces a[k] by exp(a[k] - max_k a[k]) and returns the log-sum-exp of the original values.
 * The sum of the new a[k] goes to *sum. Maximum and sum use LANES fixed partial results, combined in
 * a fixed order, so that they vectorise without reassociation; the result is the same on every run. */
static float exp_shift_log_sum(float *restrict a, size_t K, float *restrict sum)
{
    float part[LANES];
    for (size_t j = 0; j < LANES; j++)
        part[j] = a[0];
    size_t k = 0;
    for (; k + LANES <= K; k += LANES)
        for (size_t j = 0; j < LANES; j++)
            part[j] = a[k + j] > part[j] ? a[k + j] : part[j];
    float mx = part[0];
    for (size_t j = 1; j < LANES; j++)
        mx = part[j] > mx ? part[j] : mx;
    for (; k < K; k++)
        mx = a[k] > mx ? a[k] : mx;
    *sum = 0.0f;
    if (!isfinite(mx))
        return mx;
    for (k = 0; k < K; k++)
        a[k] = exp_nonpositive(a[k] - mx);
    for (size_t j = 0; j < LANES; j++)
        part[j] = 0.0f;
    for (k = 0; k + LANES <= K; k += LANES)
        for (size_t j = 0; j < LANES; j++)
            part[j] += a[k + j];
    float s = 0.0f;
    for (size_t j = 0; j < LANES; j++)
        s += part[j];
    for (; k < K; k++)
        s += a[k];
    *sum = s;
    return mx + logf(s);
}

void cdsp_gmm_component_logliks(const cdsp_gmm_params *g, const float *frames, size_t n_frames,
                                float *out)
{
    const size_t K = g->components, D = g->dim;
    for (size_t i = 0; i < n_frames; i += CDSP_GMM_BATCH) {
        const size_t n = n_frames - i < CDSP_GMM_BATCH ? n_frames - i : CDSP_GMM_BATCH;
        score_batch(g, frames + i * D, n, out + i * K);
    }
}

void cdsp_gmm_frame_logliks(const cdsp_gmm_params *g, const float *frames, size_t n_frames,
                            float *scratch, float *out)
{
    const size_t K = g->components, D = g->dim;
    for (size_t i = 0; i < n_frames; i += CDSP_GMM_BATCH) {
        const size_t n = n_frames - i < CDSP_GMM_BATCH ? n_frames - i : CDSP_GMM_BATCH;
        score_batch(g, frames + i * D, n, scratch);
        for (size_t b = 0; b < n; b++) {
            float sum;
            out[i + b] = exp_shift_log_sum(scratch + b * K, K, &sum);
        }
    }
}

void cdsp_gmm_posteriors(const cdsp_gmm_params *g, const float *frames, size_t n_frames,
                         float *post, float *loglik)
{
    const size_t K = g->components;
    cdsp_gmm_component_logliks(g, frames, n_frames, post);
    for (size_t i = 0; i < n_frames; i++) {
        float *restrict p = post + i * K;
        float sum;
        const float l = exp_shift_log_sum(p, K, &sum);
        loglik[i] = l;
        if (!isfinite(l)) {
            /* Degenerate frame (non-finite input): no component explains it; give it no weight. */
            for (size_t k = 0; k < K; k++)
                p[k] = 0.0f;
            continue;
        }
        /* p holds exp(a_k - max) and sum their total: posteriors are p_k / sum. */
        const float inv = 1.0f / sum;
        for (size_t k = 0; k < K; k++)
            p[k] *= inv;
    }
}

void cdsp_gmm_accumulate(const float *frames, size_t n_frames, size_t dim,
                         const float *post, size_t components, float min_posterior,
                         double *occupancy, double *first, double *second)
{
    for (size_t i = 0; i < n_frames; i++) {
        const float *restrict x = frames + i * dim;
        const float *restrict p = post + i * components;
        for (size_t k = 0; k < components; k++) {
            const float gf = p[k];
            if (!(gf > min_posterior)) /* zero (or NaN) terms add nothing */
                continue;
            const double gk = gf;
            occupancy[k] += gk;
            double *restrict f = first + k * dim;
            for (size_t d = 0; d < dim; d++)
                f[d] += gk * (double)x[d];
            if (second) {
                double *restrict s = second + k * dim;
                for (size_t d = 0; d < dim; d++) {
                    const double xd = x[d];
                    s[d] += gk * xd * xd;
                }
            }
        }
    }
}
