/*
 * cdsp_gmm.h - diagonal-covariance Gaussian mixture scoring and EM/MAP accumulation.
 *
 * Parameters are kept in structure-of-arrays form, dimension-major ("transposed"): for dimension d the
 * K means of all components are contiguous, so the innermost loop runs over a block of 16 components
 * held in vector registers, needs no floating-point reassociation and is vectorised by the compiler.
 * Frames are scored in batches of CDSP_GMM_BATCH so that a block's parameters stay in L1 cache while
 * they are applied to the whole batch.
 *
 * Component log-likelihood of frame x under component k:
 *   log_consts[k] - sum_d half_prec_t[d*K + k] * (x[d] - means_t[d*K + k])^2
 * with log_consts[k] = log w_k - 0.5 * (D log(2 pi) + sum_d log var_kd) and half_prec = 0.5 / var.
 *
 * All buffers are owned by the caller; nothing allocates; every function is reentrant.
 */
#ifndef CDSP_GMM_H
#define CDSP_GMM_H

#include <stddef.h>

/* Frames scored together inside the kernels (also the row count of the scratch of cdsp_gmm_frame_logliks). */
#define CDSP_GMM_BATCH 16

/* A diagonal GMM prepared for scoring. The pointed-to arrays are owned by the caller. */
typedef struct {
    size_t components;          /* K */
    size_t dim;                 /* D */
    const float *means_t;       /* D x K, dimension-major */
    const float *half_prec_t;   /* D x K, 0.5 / variance, dimension-major */
    const float *log_consts;    /* K */
} cdsp_gmm_params;

/* Per-component log-likelihoods (log w_k + log N(x | k)) of n_frames row-major frames of g->dim
 * values each, written to out (n_frames x K, row-major). */
void cdsp_gmm_component_logliks(const cdsp_gmm_params *g, const float *frames, size_t n_frames,
                                float *out);

/* Per-frame mixture log-likelihoods (log-sum-exp over components), written to out (n_frames).
 * scratch must hold CDSP_GMM_BATCH * K floats. */
void cdsp_gmm_frame_logliks(const cdsp_gmm_params *g, const float *frames, size_t n_frames,
                            float *scratch, float *out);

/* Component posteriors (responsibilities) of each frame, written to post (n_frames x K, rows sum to 1),
 * and the per-frame mixture log-likelihoods to loglik (n_frames). */
void cdsp_gmm_posteriors(const cdsp_gmm_params *g, const float *frames, size_t n_frames,
                         float *post, float *loglik);

/* Adds the EM sufficient statistics of n_frames frames (dim values each) with posteriors post
 * (n_frames x components) to the caller's double accumulators: occupancy[k] += g, first[k*dim+d] += g x_d,
 * second[k*dim+d] += g x_d^2 (second may be NULL when only means are needed, e.g. for MAP).
 * Posteriors not above min_posterior (>= 0) are skipped; 0 skips only exact zeros, which add nothing.
 * Frames are added in order. */
void cdsp_gmm_accumulate(const float *frames, size_t n_frames, size_t dim,
                         const float *post, size_t components, float min_posterior,
                         double *occupancy, double *first, double *second);

#endif /* CDSP_GMM_H */
