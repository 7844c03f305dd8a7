/*
 * cdsp_matmul.h (private) - the matrix-product engine shared by the neural networks of CDSP (the CAM++
 *                           speaker embedding, the pyannote segmentation network).
 *
 * Every large product is C (M x n, row stride ldc) [+]= A (M x K, row-major weights) * B (K x n), where A is
 * small (the weights: M and K at most a few thousand) and n is long (positions, frames), and B is never
 * stored whole. Two engines:
 *  - BLAS: a producer writes row-major tiles of B, cblas_sgemm multiplies, and the epilogue (bias,
 *    (leaky) ReLU, column mask) follows in a separate pass over the tile of C.
 *  - own kernels (x86-64 with AVX-512F + FMA): A is packed once per product (or once per call, by the
 *    caller) into panels of MR = 8 rows; an 8 x 48 block of C is accumulated in registers over all of K and
 *    stored once, with the epilogue applied in registers. B is either produced in packed panels of NR = 48
 *    columns (K x 48, contiguous, read while in L1/L2) or, where B is a set of shifted views of buffers
 *    (convolutions), read in place through a table of row offsets: no im2col copy at all. Every element of
 *    C is the same sequence of fused multiply-adds over k whatever its row or column, so a network's
 *    output for one input does not depend on what else is in its batch.
 * Measured on the development machine (AMD EPYC Zen 5 with AVX-512, 1 thread, CAM++, 64 windows x 150
 * frames, back to back): AVX-512 kernels 190-200 x real time (210 GFLOP/s; the products alone 200-250
 * GFLOP/s), BLAS 92-95 x real time (Debian's OpenBLAS 0.3.21 does not know this CPU and runs its AVX2
 * "Haswell" kernels, 111-125 GFLOP/s on these shapes); own AVX2 kernels (8 x 48 blocks as six 4 x 16
 * sub-blocks) reached 94 x real time, no better than BLAS, so they were removed. History of the own
 * kernels: im2col copies of the head took as long as its products until B was read in place (+15 %); one
 * kernel function holding the packed and in-place variants made the compiler spill the accumulators (half
 * speed); a 4 x 24 AVX2 block spills one register on the accumulation chain (60 GFLOP/s, vs 110 for
 * 4 x 16). Without AVX-512 the BLAS engine is used.
 *
 * Nothing here allocates or keeps state; the engine's buffers are regions of the caller's workspace.
 */
#ifndef CDSP_MATMUL_H
#define CDSP_MATMUL_H

#define CDSP_MM_MR 8   /* rows of A per register block of the own kernels */
#define CDSP_MM_NR 48  /* columns of B per packed panel (three 16-float vectors) */

/* Producers, packing and epilogues are compiled for AVX-512, AVX2 and the baseline; the loader picks one
 * (ifunc), the same for every thread. */
#include "cdsp_clones.h"
#ifdef CDSP_USE_TARGET_CLONES
#define CDSP_MM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CDSP_MM_CLONES
#endif

/* Own AVX-512 kernels are compiled on x86-64 with GCC or Clang (used only where the CPU has them). */
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define CDSP_MM_HAVE_OWN_KERNELS 1
#define CDSP_MM_AVX512 __attribute__((target("avx512f,fma")))
#else
#define CDSP_MM_HAVE_OWN_KERNELS 0
#define CDSP_MM_AVX512
#endif

/* Per-element operations applied to C after the product, in this order: + old C (residual), + bias[row],
 * ReLU (slope 0) or leaky ReLU (max(v, slope * v), 0 < slope < 1), * colmask[column]. */
typedef struct {
    const float *bias;     /* [M] or NULL */
    const float *colmask;  /* [n], indexed like C's columns, or NULL */
    int relu;
    int accumulate;        /* 1: add the product to what C holds */
    float slope;           /* with relu: 0 for ReLU, else the leaky ReLU's negative slope */
} cdsp_mm_epilogue;

/* Writes rows 0..K-1, columns [j0, j0 + count) of B to dst[k * ld + j - j0]. */
typedef void (*cdsp_mm_producer)(const void *ctx, long j0, int count, float *dst, long ld);

enum { CDSP_MM_ISA_BLAS, CDSP_MM_ISA_AVX512 };

typedef struct {
    int isa;        /* CDSP_MM_ISA_BLAS: cblas_sgemm; CDSP_MM_ISA_AVX512: own kernels */
    float *scratch; /* B tile (BLAS: K x tile) or panel (own kernels: K x NR) */
    float *apack;   /* packed A (own kernels): round_up(M, MR) x K floats */
    long *offsets;  /* row offsets of a B read in place (own kernels): K longs */
} cdsp_mm_engine;

/* 1 if the CPU and build run the own AVX-512 kernels. */
int cdsp_mm_have_avx512(void);

/* A (M x K) into panels of MR rows, K x MR each, rows beyond M zero: round_up(M, MR) x K floats. */
void cdsp_mm_pack_a(int M, int K, const float *A, float *ap);

/* The epilogue on an M x n block of C (row stride ldc), colmask indexed from the block's first column. */
void cdsp_mm_apply_epilogue(float *C, long ldc, int M, int n, const cdsp_mm_epilogue *ep);

/* C (M x n) [+]= A (M x K) * B with the own kernels: B from its producer (off == NULL) or read in place at
 * b + off[k] + j. `packed` is A already packed by cdsp_mm_pack_a, or NULL to pack it here (into e->apack). */
void cdsp_mm_product_own(const cdsp_mm_engine *e, int M, long n, int K, const float *A, const float *packed,
                         cdsp_mm_producer produce, const void *ctx, const float *b, const long *off, float *C,
                         long ldc, const cdsp_mm_epilogue *ep);

/* C (M x n) [+]= A (M x K) * B, B given by its producer; `tile` columns per BLAS call. For the own kernels,
 * `packed` is A already packed by cdsp_mm_pack_a, or NULL to pack it here. */
void cdsp_mm_product(const cdsp_mm_engine *e, int M, long n, int K, const float *A, const float *packed,
                     cdsp_mm_producer produce, const void *ctx, float *C, long ldc, const cdsp_mm_epilogue *ep,
                     int tile);

#endif /* CDSP_MATMUL_H */
