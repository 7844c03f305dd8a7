#include "cdsp_matmul.h"
#include "cdsp_matrix_kernels.h"

#include <cblas.h>
#include <string.h>

/* The engine described in cdsp_matmul.h (moved here unchanged from cdsp_campplus.c; CAM++ output is
 * bit-identical). */

#define MR CDSP_MM_MR
#define NR CDSP_MM_NR
#define CLONES CDSP_MM_CLONES
#define ISA_BLAS CDSP_MM_ISA_BLAS
#define ISA_AVX512 CDSP_MM_ISA_AVX512
typedef cdsp_mm_epilogue epilogue;
typedef cdsp_mm_producer producer;
typedef cdsp_mm_engine engine;

#if CDSP_MM_HAVE_OWN_KERNELS
#include <immintrin.h>

#define AVX512 CDSP_MM_AVX512

/* One 8 x 48 register block of C: rows i < rows, columns j < cols of
 *   C[i][j] (+)= sum over k of a[k * 8 + i] * B_k[j],
 * then + bias, (leaky) ReLU, * colmask as in `epilogue`; columns at or beyond `cols` are not stored. Row k of B is
 * b + k * NR in a packed panel (block_packed; lanes beyond cols hold zeros) or b + off[k], read in place
 * (block_gather; masked loads, which do not fault beyond cols). Two separate functions: one function with
 * both variants made the compiler spill the 24 accumulators on every iteration (half the speed). */
#define BLOCK_BEGIN                                                                                          \
    __mmask16 m[3];                                                                                          \
    for (int j = 0; j < 3; j++) {                                                                            \
        const int left = cols - 16 * j;                                                                      \
        m[j] = left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1);     \
    }                                                                                                        \
    __m512 acc[MR][3];                                                                                       \
    for (int i = 0; i < MR; i++)                                                                             \
        for (int j = 0; j < 3; j++)                                                                          \
            acc[i][j] = _mm512_setzero_ps();

#define BLOCK_STEP(b0, b1, b2)                                                                               \
    for (int i = 0; i < MR; i++) {                                                                           \
        const __m512 ai = _mm512_set1_ps(a[i]);                                                              \
        acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);                                                      \
        acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);                                                      \
        acc[i][2] = _mm512_fmadd_ps(ai, b2, acc[i][2]);                                                      \
    }                                                                                                        \
    a += MR;

#define BLOCK_END                                                                                            \
    __m512 mask[3];                                                                                          \
    if (colmask)                                                                                             \
        for (int j = 0; j < 3; j++)                                                                          \
            mask[j] = _mm512_maskz_loadu_ps(m[j], colmask + 16 * j);                                         \
    const __m512 zero = _mm512_setzero_ps();                                                                 \
    for (int i = 0; i < MR && i < rows; i++) {                                                               \
        float *row = c + i * ldc;                                                                            \
        for (int j = 0; j < 3; j++) {                                                                        \
            __m512 v = acc[i][j];                                                                            \
            if (accumulate)                                                                                  \
                v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m[j], row + 16 * j));                            \
            if (bias)                                                                                        \
                v = _mm512_add_ps(v, _mm512_set1_ps(bias[i]));                                               \
            if (relu)                                                                                        \
                v = _mm512_max_ps(v, slope != 0.0f ? _mm512_mul_ps(v, _mm512_set1_ps(slope)) : zero);       \
            if (colmask)                                                                                     \
                v = _mm512_mul_ps(v, mask[j]);                                                               \
            _mm512_mask_storeu_ps(row + 16 * j, m[j], v);                                                    \
        }                                                                                                    \
    }

AVX512 static void block_packed(int K, const float *restrict a, const float *restrict b, float *restrict c,
                                long ldc, int rows, int cols, const float *bias, const float *colmask, int relu,
                                float slope, int accumulate)
{
    BLOCK_BEGIN
    for (int k = 0; k < K; k++, b += NR) {
        const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16), b2 = _mm512_loadu_ps(b + 32);
        BLOCK_STEP(b0, b1, b2)
    }
    BLOCK_END
}

AVX512 static void block_gather(int K, const float *restrict a, const float *restrict b, const long *restrict off,
                                float *restrict c, long ldc, int rows, int cols, const float *bias,
                                const float *colmask, int relu, float slope, int accumulate)
{
    BLOCK_BEGIN
    for (int k = 0; k < K; k++) {
        const float *bk = b + off[k];
        const __m512 b0 = _mm512_maskz_loadu_ps(m[0], bk), b1 = _mm512_maskz_loadu_ps(m[1], bk + 16),
                     b2 = _mm512_maskz_loadu_ps(m[2], bk + 32);
        BLOCK_STEP(b0, b1, b2)
    }
    BLOCK_END
}

/* C (M x n) (+)= packed A (M x K) * B with the epilogue; B is packed panels produced on demand (off == NULL;
 * `panel` holds K x NR floats) or read in place: row k, column j at b + off[k] + j. */
AVX512 static void product_avx512(int M, long n, int K, const float *packed, producer produce, const void *ctx,
                                  float *panel, const float *b, const long *off, float *C, long ldc,
                                  const epilogue *ep)
{
    for (long j0 = 0; j0 < n; j0 += NR) {
        const int cols = n - j0 < NR ? (int)(n - j0) : NR;
        if (!off) {
            produce(ctx, j0, cols, panel, NR);
            if (cols < NR)
                for (int k = 0; k < K; k++)
                    memset(panel + (long)k * NR + cols, 0, (size_t)(NR - cols) * sizeof(float));
        }
        const float *cm = ep->colmask ? ep->colmask + j0 : NULL;
        for (int i0 = 0; i0 < M; i0 += MR) {
            const float *a = packed + (long)i0 * K;
            float *c = C + i0 * ldc + j0;
            const int rows = M - i0 < MR ? M - i0 : MR;
            const float *bias = ep->bias ? ep->bias + i0 : NULL;
            if (off)
                block_gather(K, a, b + j0, off, c, ldc, rows, cols, bias, cm, ep->relu, ep->slope, ep->accumulate);
            else
                block_packed(K, a, panel, c, ldc, rows, cols, bias, cm, ep->relu, ep->slope, ep->accumulate);
        }
    }
}

int cdsp_mm_have_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}
#else
int cdsp_mm_have_avx512(void) { return 0; }
#endif

/* The public choice of cdsp_matrix_kernels.h, over this engine. */
int cdsp_matrix_kernels_available(int kernels)
{
    switch (kernels) {
    case CDSP_MATRIX_KERNELS_AUTO:
    case CDSP_MATRIX_KERNELS_BLAS:
        return 1;
    case CDSP_MATRIX_KERNELS_AVX512:
        return cdsp_mm_have_avx512();
    default:
        return 0;
    }
}

int cdsp_matrix_kernels_resolve(int kernels)
{
    if (!cdsp_matrix_kernels_available(kernels))
        return CDSP_MATRIX_KERNELS_UNAVAILABLE;
    if (kernels != CDSP_MATRIX_KERNELS_AUTO)
        return kernels;
    return cdsp_mm_have_avx512() ? CDSP_MATRIX_KERNELS_AVX512 : CDSP_MATRIX_KERNELS_BLAS;
}

/* A (M x K) into panels of MR rows, K x MR each, rows beyond M zero. */
CLONES void cdsp_mm_pack_a(int M, int K, const float *restrict A, float *restrict ap)
{
    for (int i0 = 0; i0 < M; i0 += MR, ap += (long)K * MR)
        for (int i = 0; i < MR; i++) {
            if (i0 + i < M) {
                const float *src = A + (long)(i0 + i) * K;
                for (int k = 0; k < K; k++)
                    ap[(long)k * MR + i] = src[k];
            } else {
                for (int k = 0; k < K; k++)
                    ap[(long)k * MR + i] = 0.0f;
            }
        }
}

CLONES void cdsp_mm_apply_epilogue(float *C, long ldc, int M, int n, const epilogue *ep)
{
    if (ep->relu && ep->slope != 0.0f) {
        /* Leaky ReLU: the same values as max(v, slope * v) in the own kernels. */
        const float s = ep->slope;
        for (int i = 0; i < M; i++) {
            float *restrict row = C + i * ldc;
            const float b = ep->bias ? ep->bias[i] : 0.0f;
            const float *restrict m = ep->colmask;
            for (int j = 0; j < n; j++) {
                const float v = row[j] + b, w = v > 0.0f ? v : v * s;
                row[j] = m ? w * m[j] : w;
            }
        }
        return;
    }
    for (int i = 0; i < M; i++) {
        float *restrict row = C + i * ldc;
        const float b = ep->bias ? ep->bias[i] : 0.0f;
        if (ep->colmask) {
            const float *restrict m = ep->colmask;
            if (ep->relu)
                for (int j = 0; j < n; j++) {
                    const float v = row[j] + b;
                    row[j] = (v > 0.0f ? v : 0.0f) * m[j];
                }
            else
                for (int j = 0; j < n; j++)
                    row[j] = (row[j] + b) * m[j];
        } else if (ep->relu) {
            for (int j = 0; j < n; j++) {
                const float v = row[j] + b;
                row[j] = v > 0.0f ? v : 0.0f;
            }
        } else if (ep->bias) {
            for (int j = 0; j < n; j++)
                row[j] += b;
        }
    }
}

/* C (M x n) [+]= A (M x K) * B with the own kernels: B from its producer (off == NULL) or read in place at
 * b + off[k] + j. `packed` is A already packed by pack_a, or NULL to pack it here. */
void cdsp_mm_product_own(const engine *e, int M, long n, int K, const float *A, const float *packed,
                        producer produce, const void *ctx, const float *b, const long *off, float *C, long ldc,
                        const epilogue *ep)
{
#if CDSP_MM_HAVE_OWN_KERNELS
    if (!packed) {
        cdsp_mm_pack_a(M, K, A, e->apack);
        packed = e->apack;
    }
    product_avx512(M, n, K, packed, produce, ctx, e->scratch, b, off, C, ldc, ep);
#else
    (void)e, (void)M, (void)n, (void)K, (void)A, (void)packed, (void)produce, (void)ctx, (void)b, (void)off;
    (void)C, (void)ldc, (void)ep;
#endif
}

/* C (M x n) [+]= A (M x K) * B, B given by its producer; `tile` columns per BLAS call. For the own kernels,
 * `packed` is A already packed by pack_a, or NULL to pack it here. */
void cdsp_mm_product(const engine *e, int M, long n, int K, const float *A, const float *packed, producer produce,
                    const void *ctx, float *C, long ldc, const epilogue *ep, int tile)
{
    if (e->isa != ISA_BLAS) {
        cdsp_mm_product_own(e, M, n, K, A, packed, produce, ctx, NULL, NULL, C, ldc, ep);
        return;
    }
    for (long j0 = 0; j0 < n; j0 += tile) {
        const int cols = n - j0 < tile ? (int)(n - j0) : tile;
        produce(ctx, j0, cols, e->scratch, cols);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, cols, K, 1.0f, A, K, e->scratch, cols,
                    ep->accumulate ? 1.0f : 0.0f, C + j0, (int)ldc);
        epilogue tile_ep = *ep;
        if (tile_ep.colmask)
            tile_ep.colmask += j0;
        cdsp_mm_apply_epilogue(C + j0, ldc, M, cols, &tile_ep);
    }
}

