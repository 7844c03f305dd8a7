#include "cdsp_gmm.h"

#include <math.h>
#include <string.h>

/* Component log-likelihoods of at most CDSP_GMM_BATCH frames into out (n x K). */
static void score_batch(const cdsp_gmm_params *g, const float *restrict frames, size_t n,
                        float *restrict out)
{
    const size_t K = g->components, D = g->dim;
    for (size_t b = 0; b < n; b++)
        memcpy(out + b * K, g->log_consts, K * sizeof(float));
    for (size_t d = 0; d < D; d++) {
        const float *restrict m = g->means_t + d * K;
        const float *restrict h = g->half_prec_t + d * K;
        for (size_t b = 0; b < n; b++) {
            const float x = frames[b * D + d];
            float *restrict o = out + b * K;
            for (size_t k = 0; k < K; k++) {
                const float t = x - m[k];
                o[k] -= t * t * h[k];
            }
        }
    }
}

/* log-sum-exp of K values. */
static float log_sum_exp(const float *restrict a, size_t K)
{
    float mx = a[0];
    for (size_t k = 1; k < K; k++)
        mx = a[k] > mx ? a[k] : mx;
    if (!isfinite(mx))
        return mx;
    float s = 0.0f;
    for (size_t k = 0; k < K; k++)
        s += expf(a[k] - mx);
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
        for (size_t b = 0; b < n; b++)
            out[i + b] = log_sum_exp(scratch + b * K, K);
    }
}

void cdsp_gmm_posteriors(const cdsp_gmm_params *g, const float *frames, size_t n_frames,
                         float *post, float *loglik)
{
    const size_t K = g->components;
    cdsp_gmm_component_logliks(g, frames, n_frames, post);
    for (size_t i = 0; i < n_frames; i++) {
        float *restrict p = post + i * K;
        const float l = log_sum_exp(p, K);
        loglik[i] = l;
        if (!isfinite(l)) {
            /* Degenerate frame (non-finite input): no component explains it; give it no weight. */
            for (size_t k = 0; k < K; k++)
                p[k] = 0.0f;
            continue;
        }
        for (size_t k = 0; k < K; k++)
            p[k] = expf(p[k] - l);
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
