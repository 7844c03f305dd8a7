/*
 * cdsp_matrix_kernels.h - which code multiplies the matrices of CDSP's neural networks (the CAM++ speaker
 *                         embedding, cdsp_campplus.h, and the pyannote segmentation network,
 *                         cdsp_segmentation.h).
 *
 * Both networks run their products on one engine (own AVX-512 kernels or cblas_sgemm), so one set of
 * constants serves both: their `kernels` argument takes a CDSP_MATRIX_KERNELS_* value. The kernels agree to
 * float rounding and each is deterministic; the choice exists so that benchmarks and tests can compare them
 * on one machine. With the own kernels (AVX512) a window's result does not depend on the other windows of
 * its batch, bit for bit; with BLAS it may differ in the last bits.
 *
 * Both functions only read the CPU's features: no state, safe from any thread.
 */
#ifndef CDSP_MATRIX_KERNELS_H
#define CDSP_MATRIX_KERNELS_H

#define CDSP_MATRIX_KERNELS_AUTO 0    /* the fastest available: AVX512, else BLAS */
#define CDSP_MATRIX_KERNELS_BLAS 1    /* cblas_sgemm on row-major tiles */
#define CDSP_MATRIX_KERNELS_AVX512 2  /* own AVX-512 kernels (x86-64 with AVX-512F and FMA) */

#define CDSP_MATRIX_KERNELS_UNAVAILABLE (-1) /* cdsp_matrix_kernels_resolve: not available on this CPU or build */

/* 1 if `kernels` (CDSP_MATRIX_KERNELS_*) can run on this CPU and build, else 0. */
int cdsp_matrix_kernels_available(int kernels);

/* The kernels `kernels` stands for here (AUTO resolved to AVX512 or BLAS, the others themselves), or
 * CDSP_MATRIX_KERNELS_UNAVAILABLE. */
int cdsp_matrix_kernels_resolve(int kernels);

#endif /* CDSP_MATRIX_KERNELS_H */
