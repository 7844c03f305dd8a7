#include "cdsp_segmentation.h"
#include "cdsp_matmul.h"

#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * Layout of the computation (sizes for the shipped model and 10 s windows: 160,000 samples, 80 SincNet
 * filters of 251 taps, stride 10 -> 15,975 outputs, pooled 5,325; 60-channel convolutions -> 5,321, pooled
 * 1,773 -> 1,769, pooled 589 frames; 4 bidirectional LSTM layers of 128 units; linear 256 -> 128 -> 128;
 * 7 classes).
 *
 * SincNet, one window at a time (everything stays in the worker's caches):
 *  - instance norm of the waveform (mean and variance in double), written de-interleaved into `stride`
 *    phases: phase p, position m holds sample m * stride + p. The strided filter convolution is then a
 *    plain product F (80 x 251) * B (251 x outputs) whose row k is phase k % stride shifted by k / stride:
 *    the own kernels read B in place through a table of row offsets, no im2col copy. ParamSincFB's filters
 *    are mirror-symmetric (cosine filters even, sine filters odd), so when the weights are (checked exactly,
 *    once per call) the product is done on halves: cos (40 x 126) * (x[k] + x[250 - k], centre) and
 *    sin (40 x 125) * (x[k] - x[250 - k]), the sums and differences produced panel by panel: half the
 *    multiply-adds of the most expensive layer. Other filters take the general product;
 *  - each convolution is computed in tiles of TILE output columns (a multiple of the pooling size) into a
 *    small buffer and max-pooled from there (|.| first for the filterbank), so the 80 x 15,975 filterbank
 *    output never exists whole; instance norm (statistics in double) and leaky ReLU follow in place;
 *  - the two 5-tap convolutions read their input rows shifted by 0...4 columns in place (row ci * 5 + tap);
 *  - a constant window (digital silence) is answered directly: every feature map is then exactly constant
 *    and each norm outputs its bias (see sincnet()).
 * The last norm writes the window's 60 x 589 features into the LSTM buffer.
 *
 * LSTM and the layers after it, all windows of the batch together: a buffer holds one row per feature and
 * one column per (frame t, window b) at t * batch + b (time-major, windows interleaved), so that one time
 * step of every window is `batch` consecutive columns. Per layer and direction:
 *  - the input projection of all frames of all windows, W_ih (512 x in) * X + (b_ih + b_hh), as one product
 *    (in chunks of LSTM_CHUNK time steps; see the measurements below);
 *  - the recurrence, one time step for all windows at once: gates (512 x batch) = projection + W_hh (512 x
 *    128) * h (128 x batch), then the cell update. Own kernels: a dedicated AVX-512 kernel holds a 16-row x
 *    16-window block of gates in 16 registers over k (W_hh packed in 16-row panels, h one 16-float vector per
 *    k); BLAS: cblas_sgemm per step. The cell update evaluates sigmoid and tanh with vectorisable
 *    polynomials (below) on 16 windows at a time and writes h both to the next step's operand and to the
 *    output buffer's rows (direction * 128 + unit), which are the next layer's input.
 * Two such buffers alternate between layers. The linear layers and the classifier are products over all
 * columns (bias and leaky ReLU in the epilogue); the softmax writes the probabilities window by window.
 *
 * Measured on the development machine (AMD EPYC Zen 5 with AVX-512, 1 thread, batch of 16 windows of 10 s):
 * see the comment at "Measurements" at the end of this file.
 */

#define ALIGN 16         /* floats: workspace regions start on 64-byte boundaries */
#define TILE_TARGET 480  /* output columns per convolution product (rounded to a multiple of lcm(NR, pool));
                          * 240, 480 and 960 ran equally fast */
#define BLAS_TILE 512    /* columns per cblas_sgemm call of the LSTM and linear products */
#define LSTM_CHUNK 64    /* time steps per input-projection product */
#define GATE_ROWS 16     /* gate rows per register block of the own recurrence kernel */
#define LANES 16         /* windows per vector of the recurrence (one AVX-512 register) */
#define NORM_EPS 1e-5    /* InstanceNorm1d's eps */
#define LEAKY_SLOPE 0.01f

#define MR CDSP_MM_MR
#define NR CDSP_MM_NR
#define CLONES CDSP_MM_CLONES
typedef cdsp_mm_epilogue epilogue;
typedef cdsp_mm_engine engine;

/* ---------------------------------------------------------------------------------------------------- */
/* Configuration */

typedef struct {
    int S;                           /* samples per window */
    int nf, taps, stride;            /* SincNet filters (2 x bands), taps, stride */
    int cc, ks, pool;                /* convolution channels, kernel, pooling */
    int H, L, lh, nl, C;             /* LSTM hidden and layers, linear hidden and layers, classes */
    long t1, t2;                     /* SincNet outputs, pooled */
    long t3c, t3;                    /* first convolution's outputs, pooled */
    long t4c, t4;                    /* second convolution's outputs, pooled = frames */
    long phase;                      /* floats per phase of the de-interleaved waveform */
    long ld2, ld3;                   /* row strides of the pooled SincNet and first-convolution outputs */
    int rows;                        /* rows of the LSTM and linear buffers */
    int tile;                        /* columns per convolution product, a multiple of pool */
    int kmax;                        /* largest inner dimension of any product */
} dims;

static int in_range(long v, long lo, long hi) { return v >= lo && v <= hi; }
static long max_l(long a, long b) { return a > b ? a : b; }
static long round_up(long n, long m) { return (n + m - 1) / m * m; }

static int make_dims(const cdsp_segmentation_config *c, dims *d)
{
    if (!c)
        return 0;
    if (!in_range(c->sample_rate, 1000, 1000000) || !in_range(c->sinc_bands, 1, 1024)
        || !in_range(c->sinc_taps, 1, 8191) || c->sinc_taps % 2 == 0 || !in_range(c->sinc_stride, 1, 1024)
        || !in_range(c->conv_channels, 1, 4096) || !in_range(c->conv_kernel, 1, 64) || !in_range(c->pool, 1, 64)
        || !in_range(c->lstm_hidden, 1, 2048) || !in_range(c->lstm_layers, 1, 16)
        || !in_range(c->linear_hidden, 1, 4096) || !in_range(c->linear_layers, 0, 16)
        || !in_range(c->classes, 1, 1024)
        || !in_range(c->window_samples, c->sinc_taps, CDSP_SEGMENTATION_MAX_WINDOW_SAMPLES))
        return 0;
    d->S = c->window_samples;
    d->nf = 2 * c->sinc_bands;
    d->taps = c->sinc_taps;
    d->stride = c->sinc_stride;
    d->cc = c->conv_channels;
    d->ks = c->conv_kernel;
    d->pool = c->pool;
    d->H = c->lstm_hidden;
    d->L = c->lstm_layers;
    d->lh = c->linear_hidden;
    d->nl = c->linear_layers;
    d->C = c->classes;
    d->t1 = (d->S - d->taps) / d->stride + 1;
    d->t2 = d->t1 / d->pool;
    d->t3c = d->t2 - d->ks + 1;
    if (d->t3c < 1)
        return 0;
    d->t3 = d->t3c / d->pool;
    d->t4c = d->t3 - d->ks + 1;
    if (d->t4c < 1)
        return 0;
    d->t4 = d->t4c / d->pool;
    if (d->t4 < 1)
        return 0;
    /* Phase p is read at positions m + k / stride for m < t2 * pool: one row of the product. */
    d->phase = round_up(d->t2 * d->pool + (d->taps - 1) / d->stride + 1, ALIGN);
    d->ld2 = round_up(d->t2, ALIGN);
    d->ld3 = round_up(d->t3, ALIGN);
    long rows = max_l(max_l(d->cc, 2L * d->H), max_l(d->lh, d->C));
    d->rows = (int)rows;
    long l = NR; /* lcm(NR, pool) */
    while (l % d->pool != 0)
        l += NR;
    d->tile = (int)(l >= TILE_TARGET ? l : TILE_TARGET / l * l);
    d->kmax = (int)max_l(max_l(d->taps, (long)d->nf * d->ks), max_l((long)d->cc * d->ks, max_l(rows, d->H)));
    return 1;
}

int cdsp_segmentation_check_config(const cdsp_segmentation_config *cfg)
{
    dims d;
    return make_dims(cfg, &d) ? CDSP_SEGMENTATION_OK : CDSP_SEGMENTATION_ERR_CONFIG;
}

int cdsp_segmentation_frames(const cdsp_segmentation_config *cfg)
{
    dims d;
    return make_dims(cfg, &d) ? (int)d.t4 : CDSP_SEGMENTATION_ERR_CONFIG;
}

int cdsp_segmentation_frame_timing(const cdsp_segmentation_config *cfg, double *start, double *step, double *duration)
{
    dims d;
    if (!make_dims(cfg, &d))
        return CDSP_SEGMENTATION_ERR_CONFIG;
    if (!start || !step || !duration)
        return CDSP_SEGMENTATION_ERR_OUTPUT;
    /* pyannote's receptive field of the (unpadded) convolutions and poolings, last layer first. */
    const long k[6] = {d.taps, d.pool, d.ks, d.pool, d.ks, d.pool};
    const long s[6] = {d.stride, d.pool, 1, d.pool, 1, d.pool};
    long size1 = 1, size2 = 2, center = 0;
    for (int i = 5; i >= 0; i--) {
        size1 = k[i] + (size1 - 1) * s[i];
        size2 = k[i] + (size2 - 1) * s[i];
        center = center * s[i] + (k[i] - 1) / 2;
    }
    *duration = (double)size1;
    *step = (double)(size2 - size1);
    *start = (double)center - (double)(size1 - 1) / 2.0;
    return CDSP_SEGMENTATION_OK;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Tensor table: every weight tensor in the network's order, which is also the order in which the forward
 * pass consumes the weight buffer. */

typedef struct {
    int target;                     /* index to describe, or -1 */
    int index;                      /* tensors visited so far */
    long offset;                    /* floats visited so far */
    cdsp_segmentation_tensor *out;  /* receives the target's description */
} walker;

static void emit(walker *w, const char *name, int computed, int rank, int d0, int d1, int d2)
{
    const int dims3[3] = {d0, d1, d2};
    long count = 1;
    for (int i = 0; i < rank; i++)
        count *= dims3[i];
    if (w->index == w->target && w->out) {
        cdsp_segmentation_tensor *t = w->out;
        snprintf(t->name, sizeof t->name, "%s", name);
        t->rank = rank;
        for (int i = 0; i < 3; i++)
            t->shape[i] = i < rank ? dims3[i] : 1;
        t->count = count;
        t->offset = w->offset;
        t->computed = computed;
    }
    w->index++;
    w->offset += count;
}

static void walk(const dims *d, walker *w)
{
    char name[CDSP_SEGMENTATION_NAME_CAPACITY];
    emit(w, "sincnet.wav_norm.weight", 0, 1, 1, 0, 0);
    emit(w, "sincnet.wav_norm.bias", 0, 1, 1, 0, 0);
    emit(w, "sincnet.filterbank.filters", 1, 2, d->nf, d->taps, 0);
    emit(w, "sincnet.norm0.weight", 0, 1, d->nf, 0, 0);
    emit(w, "sincnet.norm0.bias", 0, 1, d->nf, 0, 0);
    emit(w, "sincnet.conv1.weight", 0, 3, d->cc, d->nf, d->ks);
    emit(w, "sincnet.conv1.bias", 0, 1, d->cc, 0, 0);
    emit(w, "sincnet.norm1.weight", 0, 1, d->cc, 0, 0);
    emit(w, "sincnet.norm1.bias", 0, 1, d->cc, 0, 0);
    emit(w, "sincnet.conv2.weight", 0, 3, d->cc, d->cc, d->ks);
    emit(w, "sincnet.conv2.bias", 0, 1, d->cc, 0, 0);
    emit(w, "sincnet.norm2.weight", 0, 1, d->cc, 0, 0);
    emit(w, "sincnet.norm2.bias", 0, 1, d->cc, 0, 0);
    static const char *dirs[2] = {"forward", "reverse"};
    for (int l = 0; l < d->L; l++) {
        const int in = l == 0 ? d->cc : 2 * d->H;
        for (int r = 0; r < 2; r++) {
            snprintf(name, sizeof name, "lstm.l%d.%s.weight_ih", l, dirs[r]);
            emit(w, name, 0, 2, 4 * d->H, in, 0);
            snprintf(name, sizeof name, "lstm.l%d.%s.weight_hh", l, dirs[r]);
            emit(w, name, 0, 2, 4 * d->H, d->H, 0);
            snprintf(name, sizeof name, "lstm.l%d.%s.bias", l, dirs[r]);
            emit(w, name, 0, 1, 4 * d->H, 0, 0);
        }
    }
    int in = 2 * d->H;
    for (int i = 0; i < d->nl; i++) {
        snprintf(name, sizeof name, "linear.%d.weight", i);
        emit(w, name, 0, 2, d->lh, in, 0);
        snprintf(name, sizeof name, "linear.%d.bias", i);
        emit(w, name, 0, 1, d->lh, 0, 0);
        in = d->lh;
    }
    emit(w, "classifier.weight", 0, 2, d->C, in, 0);
    emit(w, "classifier.bias", 0, 1, d->C, 0, 0);
}

int cdsp_segmentation_tensor_count(const cdsp_segmentation_config *cfg)
{
    dims d;
    if (!make_dims(cfg, &d))
        return CDSP_SEGMENTATION_ERR_CONFIG;
    walker w = {-1, 0, 0, NULL};
    walk(&d, &w);
    return w.index;
}

long cdsp_segmentation_weight_floats(const cdsp_segmentation_config *cfg)
{
    dims d;
    if (!make_dims(cfg, &d))
        return CDSP_SEGMENTATION_ERR_CONFIG;
    walker w = {-1, 0, 0, NULL};
    walk(&d, &w);
    return w.offset;
}

int cdsp_segmentation_tensor_info(const cdsp_segmentation_config *cfg, int index, cdsp_segmentation_tensor *info)
{
    dims d;
    if (!make_dims(cfg, &d))
        return CDSP_SEGMENTATION_ERR_CONFIG;
    if (!info || index < 0)
        return CDSP_SEGMENTATION_ERR_INDEX;
    walker w = {index, 0, 0, info};
    walk(&d, &w);
    return index < w.index ? CDSP_SEGMENTATION_OK : CDSP_SEGMENTATION_ERR_INDEX;
}

int cdsp_segmentation_store_tensor(const cdsp_segmentation_config *cfg, int index, const float *values, long count,
                                   float *weights, long weight_floats)
{
    cdsp_segmentation_tensor t;
    const int rc = cdsp_segmentation_tensor_info(cfg, index, &t);
    if (rc != CDSP_SEGMENTATION_OK)
        return rc;
    if (!values || count != t.count)
        return CDSP_SEGMENTATION_ERR_INDEX;
    if (!weights || weight_floats != cdsp_segmentation_weight_floats(cfg))
        return CDSP_SEGMENTATION_ERR_WEIGHTS;
    memcpy(weights + t.offset, values, (size_t)count * sizeof(float));
    return CDSP_SEGMENTATION_OK;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Workspace plan */

typedef struct {
    long ncol;  /* columns of the LSTM buffers: frames x batch */
    long bp;    /* windows rounded up to whole vectors */
    long chunk; /* time steps per input-projection product */
} geometry;

static int make_geometry(const dims *d, int batch, geometry *g)
{
    if (batch < 1 || batch > CDSP_SEGMENTATION_MAX_BATCH || (long)batch * d->S > CDSP_SEGMENTATION_MAX_TOTAL_SAMPLES)
        return 0;
    g->ncol = d->t4 * batch;
    g->bp = round_up(batch, LANES);
    g->chunk = d->t4 < LSTM_CHUNK ? d->t4 : LSTM_CHUNK;
    return 1;
}

/* Offsets (in floats) of every workspace region. */
typedef struct {
    long phases, tile, s2, s3, s4;           /* SincNet, one window */
    long ya, yb, xp, gates, cell, hid;       /* LSTM and linear layers */
    long scratch, apack, wpack, halves, whh, offsets; /* product operands */
    long total;
} plan;

static long conv_pack_floats(const dims *d)
{
    /* filters, their halves (mirror-symmetric path), the two convolutions */
    return round_up(d->nf, MR) * (long)d->taps + 2 * round_up(d->nf / 2, MR) * (long)(d->taps / 2 + 1)
        + round_up(d->cc, MR) * (long)d->nf * d->ks + round_up(d->cc, MR) * (long)d->cc * d->ks;
}

static void make_plan(const dims *d, const geometry *g, plan *p)
{
    long at = 0;
    const long G4 = 4L * d->H;
#define REGION(field, n) (p->field = at, at += round_up(n, ALIGN))
    REGION(phases, (long)d->stride * d->phase);
    REGION(tile, max_l(d->nf, d->cc) * (long)d->tile);
    REGION(s2, (long)d->nf * d->ld2);
    REGION(s3, (long)d->cc * d->ld3);
    REGION(s4, (long)d->cc * d->t4);
    REGION(ya, (long)d->rows * g->ncol);
    REGION(yb, (long)d->rows * g->ncol);
    REGION(xp, G4 * g->chunk * (g->ncol / d->t4));
    REGION(gates, G4 * g->bp);
    REGION(cell, (long)d->H * g->bp);
    REGION(hid, (long)d->H * g->bp);
    /* BLAS: a row-major tile of B; own kernels: a produced panel of B (the mirror-symmetric filterbank's; every
     * other B is read in place). */
    REGION(scratch, (long)d->kmax * max_l(max_l(d->tile, BLAS_TILE), NR));
    long a = round_up(G4, MR) * (long)d->rows;
    a = max_l(a, round_up(d->lh, MR) * (long)d->rows);
    a = max_l(a, round_up(d->C, MR) * (long)d->rows);
    REGION(apack, a);
    REGION(wpack, conv_pack_floats(d));
    REGION(halves, (long)d->nf * (d->taps / 2 + 1));
    REGION(whh, round_up(G4, GATE_ROWS) * (long)d->H);
    REGION(offsets, 2L * d->kmax); /* longs */
#undef REGION
    p->total = at;
}

long cdsp_segmentation_workspace_floats(const cdsp_segmentation_config *cfg, int batch)
{
    dims d;
    geometry g;
    plan p;
    if (!make_dims(cfg, &d))
        return CDSP_SEGMENTATION_ERR_CONFIG;
    if (!make_geometry(&d, batch, &g))
        return CDSP_SEGMENTATION_ERR_SIZE;
    make_plan(&d, &g, &p);
    return p.total;
}

double cdsp_segmentation_macs(const cdsp_segmentation_config *cfg, int batch)
{
    dims d;
    geometry g;
    if (!make_dims(cfg, &d))
        return CDSP_SEGMENTATION_ERR_CONFIG;
    if (!make_geometry(&d, batch, &g))
        return CDSP_SEGMENTATION_ERR_SIZE;
    double per_window = (double)d.nf * d.taps * d.t1 + (double)d.cc * d.nf * d.ks * d.t3c
        + (double)d.cc * d.cc * d.ks * d.t4c;
    double per_frame = 0;
    for (int l = 0; l < d.L; l++) {
        const double in = l == 0 ? d.cc : 2.0 * d.H;
        per_frame += 2.0 * 4.0 * d.H * (in + d.H);
    }
    double in = 2.0 * d.H;
    for (int i = 0; i < d.nl; i++) {
        per_frame += d.lh * in;
        in = d.lh;
    }
    per_frame += d.C * in;
    return (per_window + per_frame * (double)d.t4) * batch;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Element-wise helpers (vectorised by the compiler; compiled for AVX-512, AVX2 and the baseline) */

typedef double v8d __attribute__((vector_size(64)));
typedef float v8f __attribute__((vector_size(32)));

/* Mean and biased variance of n floats, in double: eight lanes summed in a fixed order, two passes (the
 * variance of the deviations from the mean). n equal values give exactly their value and variance 0. */
CLONES static void moments(const float *restrict x, long n, double *mean_out, double *var_out)
{
    v8d acc = {0, 0, 0, 0, 0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= n; j += 8) {
        v8f v;
        memcpy(&v, x + j, sizeof v);
        acc += __builtin_convertvector(v, v8d);
    }
    double tail = 0.0;
    for (; j < n; j++)
        tail += x[j];
    const double mean = (((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + tail) / (double)n;
    v8d sq = {0, 0, 0, 0, 0, 0, 0, 0};
    for (j = 0; j + 8 <= n; j += 8) {
        v8f v;
        memcpy(&v, x + j, sizeof v);
        const v8d dv = __builtin_convertvector(v, v8d) - mean;
        sq += dv * dv;
    }
    tail = 0.0;
    for (; j < n; j++)
        tail += ((double)x[j] - mean) * ((double)x[j] - mean);
    const double var = (((sq[0] + sq[1]) + (sq[2] + sq[3])) + ((sq[4] + sq[5]) + (sq[6] + sq[7])) + tail) / (double)n;
    *mean_out = mean;
    *var_out = var;
}

/* Instance norm with affine weight and bias, then leaky ReLU, of `rows` rows of n values (src row stride
 * lds); row r of the result goes to dst + r * ldd, value j at j * step. */
CLONES static void norm_leaky(const float *src, long lds, int rows, long n, const float *weight, const float *bias,
                              float *dst, long ldd, long step)
{
    for (int r = 0; r < rows; r++) {
        const float *restrict x = src + r * lds;
        double mean, var;
        moments(x, n, &mean, &var);
        const float m = (float)mean, s = (float)(weight[r] / sqrt(var + NORM_EPS)), b = bias[r];
        float *restrict y = dst + r * ldd;
        if (step == 1) {
            for (long j = 0; j < n; j++) {
                const float v = (x[j] - m) * s + b;
                y[j] = v > 0.0f ? v : v * LEAKY_SLOPE;
            }
        } else {
            for (long j = 0; j < n; j++) {
                const float v = (x[j] - m) * s + b;
                y[j * step] = v > 0.0f ? v : v * LEAKY_SLOPE;
            }
        }
    }
}

/* Max-pooling (size = stride = pool) of `cols` columns (a multiple of pool) of `rows` rows, of |value| when
 * absval. */
CLONES static void pool_rows(const float *src, long lds, int rows, long cols, int pool, int absval, float *dst,
                             long ldd)
{
    const long out = cols / pool;
    for (int r = 0; r < rows; r++) {
        const float *restrict x = src + r * lds;
        float *restrict y = dst + r * ldd;
        if (pool == 3 && absval) {
            for (long q = 0; q < out; q++) {
                const float a = fabsf(x[3 * q]), b = fabsf(x[3 * q + 1]), c = fabsf(x[3 * q + 2]);
                const float m = a > b ? a : b;
                y[q] = m > c ? m : c;
            }
        } else if (pool == 3) {
            for (long q = 0; q < out; q++) {
                const float a = x[3 * q], b = x[3 * q + 1], c = x[3 * q + 2];
                const float m = a > b ? a : b;
                y[q] = m > c ? m : c;
            }
        } else {
            for (long q = 0; q < out; q++) {
                float m = absval ? fabsf(x[q * pool]) : x[q * pool];
                for (int i = 1; i < pool; i++) {
                    const float v = absval ? fabsf(x[q * pool + i]) : x[q * pool + i];
                    m = v > m ? v : m;
                }
                y[q] = m;
            }
        }
    }
}

/* exp(x), written so that loops over it vectorise (no libm call): Cody-Waite range reduction x = n ln2 + r,
 * |r| <= ln2/2, Cephes' degree-5 polynomial for (exp(r) - 1 - r) / r^2 (about 1 ulp), 2^n built in the
 * exponent bits. Arguments are clamped to [-87, 88] (results from 1.6e-38 to 1.7e38); NaN gives NaN. */
static inline float exp_poly(float x)
{
    /* NaN compares false and goes to -87, so that no NaN is ever converted to int (undefined behaviour); it is
     * given back as NaN at the end. */
    const float in = x;
    x = x > -87.0f ? x : -87.0f;
    x = x < 88.0f ? x : 88.0f;
    const float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f; /* round to nearest */
    const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    const int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return in == in ? p * scale : in;
}

static inline float sigmoid_poly(float x) { return 1.0f / (1.0f + exp_poly(-x)); }

/* tanh: Cephes' odd polynomial below |x| = 0.625 (where 1 - 2 / (e^2x + 1) would cancel), else from exp. */
static inline float tanh_poly(float x)
{
    const float a = fabsf(x);
    const float s = x * x;
    float p = -5.70498872745e-3f;
    p = p * s + 2.06390887954e-2f;
    p = p * s - 5.37397155531e-2f;
    p = p * s + 1.33314422036e-1f;
    p = p * s - 3.33332819422e-1f;
    const float small = p * s * x + x;
    const float big = 1.0f - 2.0f / (exp_poly(2.0f * a) + 1.0f);
    return a < 0.625f ? small : (x < 0.0f ? -big : big);
}

/* The LSTM cell update of one time step for all windows: gates g (4H rows x bp, rows i, f, g, o), cell c and
 * hidden h (H x bp) updated in place; h also goes to y (row j at y + j * ldy, the first `batch` values). */
CLONES static void lstm_cell(int H, int batch, long bp, const float *restrict g, float *restrict c,
                             float *restrict h, float *restrict y, long ldy)
{
    for (int j = 0; j < H; j++) {
        const float *restrict gi = g + (long)j * bp, *restrict gf = g + (long)(H + j) * bp;
        const float *restrict gg = g + (long)(2 * H + j) * bp, *restrict go = g + (long)(3 * H + j) * bp;
        float *restrict cj = c + (long)j * bp, *restrict hj = h + (long)j * bp;
        for (long b = 0; b < bp; b++) {
            const float i = sigmoid_poly(gi[b]), f = sigmoid_poly(gf[b]), u = tanh_poly(gg[b]),
                        o = sigmoid_poly(go[b]);
            const float cn = f * cj[b] + i * u;
            cj[b] = cn;
            hj[b] = o * tanh_poly(cn);
        }
        memcpy(y + (long)j * ldy, hj, (size_t)batch * sizeof(float));
    }
}

/* ---------------------------------------------------------------------------------------------------- */
/* Products whose B rows are read at base + off[k] + j (shifted views of buffers) */

typedef struct {
    const float *base;
    const long *off;
    int K;
} rows_source;

static void produce_rows(const void *vctx, long j0, int count, float *dst, long ld)
{
    const rows_source *s = vctx;
    for (int k = 0; k < s->K; k++)
        memcpy(dst + (long)k * ld, s->base + s->off[k] + j0, (size_t)count * sizeof(float));
}

/* The filterbank's B for filters with mirror symmetry (ParamSincFB's: the cosine filters are even, the sine
 * filters odd): row k < half is x[. + k] + x[. + taps - 1 - k] (sign +1) or x[. + k] - x[. + taps - 1 - k]
 * (sign -1), and with sign +1 row `half` is the centre tap x[. + half]; the waveform is read from its
 * phases as in the general product. */
typedef struct {
    const float *ph;
    long phase;
    int stride, half, sign;
} mirror_source;

CLONES static void produce_mirror(const void *vctx, long j0, int count, float *dst, long ld)
{
    const mirror_source *s = vctx;
    const int last = 2 * s->half;
    for (int k = 0; k < s->half; k++) {
        const float *restrict a = s->ph + (long)(k % s->stride) * s->phase + k / s->stride + j0;
        const float *restrict b = s->ph + (long)((last - k) % s->stride) * s->phase + (last - k) / s->stride + j0;
        float *restrict d = dst + (long)k * ld;
        if (s->sign > 0)
            for (int j = 0; j < count; j++)
                d[j] = a[j] + b[j];
        else
            for (int j = 0; j < count; j++)
                d[j] = a[j] - b[j];
    }
    if (s->sign > 0)
        memcpy(dst + (long)s->half * ld, s->ph + (long)(s->half % s->stride) * s->phase + s->half / s->stride + j0,
               (size_t)count * sizeof(float));
}

/* 1 if filters 0 ... nf/2 - 1 are even and nf/2 ... nf - 1 odd (centre tap zero), exactly. */
static int mirror_symmetric(const float *f, int nf, int taps)
{
    const int half = taps / 2;
    for (int c = 0; c < nf; c++) {
        const float *row = f + (long)c * taps;
        const int odd = c >= nf / 2;
        if (odd && row[half] != 0.0f)
            return 0;
        for (int k = 0; k < half; k++)
            if (row[k] != (odd ? -row[taps - 1 - k] : row[taps - 1 - k]))
                return 0;
    }
    return 1;
}

/* C (M x n) = A (M x K) * B + epilogue, row k of B at base + off[k] (off: e->offsets). `packed`: A packed by
 * cdsp_mm_pack_a, or NULL. */
static void product_rows(const engine *e, int M, long n, int K, const float *A, const float *packed,
                         const float *base, float *C, long ldc, const epilogue *ep, int tile)
{
    if (e->isa != CDSP_MM_ISA_BLAS) {
        cdsp_mm_product_own(e, M, n, K, A, packed, NULL, NULL, base, e->offsets, C, ldc, ep);
        return;
    }
    const rows_source src = {base, e->offsets, K};
    cdsp_mm_product(e, M, n, K, A, NULL, produce_rows, &src, C, ldc, ep, tile);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Recurrence: gates = projection + W_hh h */

/* W_hh (G4 x H) into panels of GATE_ROWS rows, H x GATE_ROWS each, rows beyond G4 zero. */
static void pack_gates(int G4, int H, const float *restrict W, float *restrict wp)
{
    for (int r0 = 0; r0 < G4; r0 += GATE_ROWS, wp += (long)H * GATE_ROWS)
        for (int i = 0; i < GATE_ROWS; i++)
            for (int k = 0; k < H; k++)
                wp[(long)k * GATE_ROWS + i] = r0 + i < G4 ? W[(long)(r0 + i) * H + k] : 0.0f;
}

#if CDSP_MM_HAVE_OWN_KERNELS
#include <immintrin.h>

/* g (G4 x bp) = x (G4 rows, first `batch` columns, row stride ldx; zero beyond) + W_hh h, h: H x bp. One block
 * is 16 gate rows x 16 windows: 16 accumulators over k, each step one vector of h and 16 broadcast weights.
 * Every window (lane) sees the same sequence of fused multiply-adds: a window's gates do not depend on the
 * other windows. */
CDSP_MM_AVX512 static void gates_avx512(int G4, int H, int batch, long bp, const float *restrict wp,
                                        const float *restrict h, const float *restrict x, long ldx, float *restrict g)
{
    for (long b0 = 0; b0 < bp; b0 += LANES) {
        const long left = batch - b0;
        const __mmask16 m = left >= LANES ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1);
        for (int r0 = 0; r0 < G4; r0 += GATE_ROWS) {
            const float *w = wp + (long)r0 * H;
            const float *hk = h + b0;
            __m512 acc[GATE_ROWS];
            for (int i = 0; i < GATE_ROWS; i++)
                acc[i] = _mm512_setzero_ps();
            for (int k = 0; k < H; k++, w += GATE_ROWS, hk += bp) {
                const __m512 hv = _mm512_loadu_ps(hk);
                for (int i = 0; i < GATE_ROWS; i++)
                    acc[i] = _mm512_fmadd_ps(_mm512_set1_ps(w[i]), hv, acc[i]);
            }
            const int rows = G4 - r0 < GATE_ROWS ? G4 - r0 : GATE_ROWS;
            for (int i = 0; i < rows; i++) {
                const __m512 xv = _mm512_maskz_loadu_ps(m, x + (long)(r0 + i) * ldx + b0);
                _mm512_storeu_ps(g + (long)(r0 + i) * bp + b0, _mm512_add_ps(acc[i], xv));
            }
        }
    }
}
#endif

/* g = x + W_hh h (see gates_avx512); BLAS: the projection copied in, cblas_sgemm adds the product. */
static void lstm_gates(const engine *e, int G4, int H, int batch, long bp, const float *W, const float *wp,
                       const float *h, const float *x, long ldx, float *g)
{
#if CDSP_MM_HAVE_OWN_KERNELS
    if (e->isa != CDSP_MM_ISA_BLAS) {
        gates_avx512(G4, H, batch, bp, wp, h, x, ldx, g);
        return;
    }
#endif
    (void)wp;
    for (int r = 0; r < G4; r++) {
        memcpy(g + (long)r * bp, x + (long)r * ldx, (size_t)batch * sizeof(float));
        memset(g + (long)r * bp + batch, 0, (size_t)(bp - batch) * sizeof(float));
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, G4, batch, H, 1.0f, W, H, h, (int)bp, 1.0f, g, (int)bp);
}

/* ---------------------------------------------------------------------------------------------------- */

/* SincNet's weights as the forward pass uses them. */
typedef struct {
    const float *wn_w, *wn_b;                 /* waveform instance norm */
    const float *filters, *filters_p;         /* nf x taps, and packed (own kernels) */
    int mirror;                               /* 1: filters mirror-symmetric, the halves below are used */
    const float *cos_h, *cos_p, *sin_h, *sin_p; /* nf/2 x (half + 1) and nf/2 x half, and packed */
    const float *n0w, *n0b;
    const float *c1w, *c1p, *c1b, *n1w, *n1b;
    const float *c2w, *c2p, *c2b, *n2w, *n2b;
} sinc_weights;

/* One window's SincNet: features (cc x frames) written to y (row stride ldy) at columns t * batch. */
static void sincnet(const engine *e, const dims *d, const plan *p, float *ws, const sinc_weights *w, const float *x,
                    float *y, long ldy, int batch)
{
    float *const ph = ws + p->phases, *const tile = ws + p->tile;
    float *const s2 = ws + p->s2, *const s3 = ws + p->s3, *const s4 = ws + p->s4;
    long *const off = e->offsets;
    const int pool = d->pool, tl = d->tile;

    /* A constant window (digital silence) makes every feature map exactly constant in time: each instance norm
     * outputs its bias, whatever the products' rounding. PyTorch computes every column alike and gets exactly
     * that; a product that rounds columns differently (OpenBLAS) would leave noise that the three norms
     * amplify by up to 316 each (class probabilities off by 0.8). So the result is written directly. */
    double mean, var;
    moments(x, d->S, &mean, &var);
    if (var == 0.0) {
        for (int c = 0; c < d->cc; c++) {
            const float v = w->n2b[c] > 0.0f ? w->n2b[c] : w->n2b[c] * LEAKY_SLOPE;
            for (long t = 0; t < d->t4; t++)
                y[c * ldy + t * batch] = v;
        }
        return;
    }

    /* Waveform instance norm, de-interleaved into phases (zero beyond the window). */
    {
        const float m = (float)mean, s = (float)(w->wn_w[0] / sqrt(var + NORM_EPS)), b = w->wn_b[0];
        const int st = d->stride;
        const long full = d->S / st;
        for (long q = 0; q < full; q++)
            for (int r = 0; r < st; r++)
                ph[r * d->phase + q] = (x[q * st + r] - m) * s + b;
        for (int r = 0; r < st; r++)
            for (long q = full; q < d->phase; q++) {
                const long i = q * st + r;
                ph[r * d->phase + q] = i < d->S ? (x[i] - m) * s + b : 0.0f;
            }
    }

    /* Filterbank: row k of B is phase k % stride from position k / stride (or, for mirror-symmetric filters,
     * the sums and differences of rows k and taps - 1 - k: half the multiply-adds); |.|, max-pool. */
    for (int k = 0; k < d->taps; k++)
        off[k] = (long)(k % d->stride) * d->phase + k / d->stride;
    const epilogue none = {NULL, NULL, 0, 0, 0.0f};
    const long n1 = d->t2 * pool;
    const int nb = d->nf / 2, half = d->taps / 2;
    for (long j0 = 0; j0 < n1; j0 += tl) {
        const long cols = n1 - j0 < tl ? n1 - j0 : tl;
        if (w->mirror) {
            const mirror_source even = {ph + j0, d->phase, d->stride, half, 1};
            const mirror_source odd = {ph + j0, d->phase, d->stride, half, -1};
            cdsp_mm_product(e, nb, cols, half + 1, w->cos_h, w->cos_p, produce_mirror, &even, tile, tl, &none, tl);
            cdsp_mm_product(e, nb, cols, half, w->sin_h, w->sin_p, produce_mirror, &odd, tile + (long)nb * tl, tl, &none,
                            tl);
        } else {
            product_rows(e, d->nf, cols, d->taps, w->filters, w->filters_p, ph + j0, tile, tl, &none, tl);
        }
        pool_rows(tile, tl, d->nf, cols, pool, 1, s2 + j0 / pool, d->ld2);
    }
    norm_leaky(s2, d->ld2, d->nf, d->t2, w->n0w, w->n0b, s2, d->ld2, 1);

    /* First convolution: row ci * ks + tap of B is input row ci shifted by tap. */
    for (int ci = 0; ci < d->nf; ci++)
        for (int t = 0; t < d->ks; t++)
            off[ci * d->ks + t] = (long)ci * d->ld2 + t;
    const epilogue b1 = {w->c1b, NULL, 0, 0, 0.0f};
    const long n2 = d->t3 * pool;
    for (long j0 = 0; j0 < n2; j0 += tl) {
        const long cols = n2 - j0 < tl ? n2 - j0 : tl;
        product_rows(e, d->cc, cols, d->nf * d->ks, w->c1w, w->c1p, s2 + j0, tile, tl, &b1, tl);
        pool_rows(tile, tl, d->cc, cols, pool, 0, s3 + j0 / pool, d->ld3);
    }
    norm_leaky(s3, d->ld3, d->cc, d->t3, w->n1w, w->n1b, s3, d->ld3, 1);

    /* Second convolution. */
    for (int ci = 0; ci < d->cc; ci++)
        for (int t = 0; t < d->ks; t++)
            off[ci * d->ks + t] = (long)ci * d->ld3 + t;
    const epilogue b2 = {w->c2b, NULL, 0, 0, 0.0f};
    const long n3 = d->t4 * pool;
    for (long j0 = 0; j0 < n3; j0 += tl) {
        const long cols = n3 - j0 < tl ? n3 - j0 : tl;
        product_rows(e, d->cc, cols, d->cc * d->ks, w->c2w, w->c2p, s3 + j0, tile, tl, &b2, tl);
        pool_rows(tile, tl, d->cc, cols, pool, 0, s4 + j0 / pool, d->t4);
    }
    norm_leaky(s4, d->t4, d->cc, d->t4, w->n2w, w->n2b, y, ldy, batch);
}

/* Packs M x K weights into *at for the own kernels and advances *at; NULL (nothing to do) for BLAS. */
static const float *pack_weights(const engine *e, int M, int K, const float *A, float **at)
{
    if (e->isa == CDSP_MM_ISA_BLAS)
        return NULL;
    float *dst = *at;
    cdsp_mm_pack_a(M, K, A, dst);
    *at += round_up(M, MR) * (long)K;
    return dst;
}

int cdsp_segmentation_run(const cdsp_segmentation_config *cfg, int kernels, const float *weights, long weight_floats,
                          const float *samples, long sample_floats, int batch, float *workspace,
                          long workspace_floats, float *probabilities, long probability_floats)
{
    dims d;
    geometry g;
    plan p;
    if (!make_dims(cfg, &d))
        return CDSP_SEGMENTATION_ERR_CONFIG;
    const int resolved = cdsp_matrix_kernels_resolve(kernels);
    if (resolved < 0)
        return CDSP_SEGMENTATION_ERR_KERNELS;
    if (!make_geometry(&d, batch, &g) || !samples || sample_floats != (long)batch * d.S)
        return CDSP_SEGMENTATION_ERR_SIZE;
    if (!weights || weight_floats != cdsp_segmentation_weight_floats(cfg))
        return CDSP_SEGMENTATION_ERR_WEIGHTS;
    make_plan(&d, &g, &p);
    if (!workspace || workspace_floats < p.total || (uintptr_t)workspace % sizeof(long) != 0)
        return CDSP_SEGMENTATION_ERR_WORKSPACE;
    if (!probabilities || probability_floats < (long)batch * d.t4 * d.C)
        return CDSP_SEGMENTATION_ERR_OUTPUT;

    const engine eng = {resolved == CDSP_MATRIX_KERNELS_AVX512 ? CDSP_MM_ISA_AVX512 : CDSP_MM_ISA_BLAS,
                        workspace + p.scratch, workspace + p.apack, (long *)(workspace + p.offsets)};
    const engine *const e = &eng;
    const long ncol = g.ncol, bp = g.bp;
    const int H = d.H, G4 = 4 * d.H;

    /* Weights, consumed in the order of the tensor table. */
    const float *cursor = weights;
#define TAKE(n) (cursor += (n), cursor - (n))
    sinc_weights sw;
    sw.wn_w = TAKE(1);
    sw.wn_b = TAKE(1);
    sw.filters = TAKE((long)d.nf * d.taps);
    sw.n0w = TAKE(d.nf);
    sw.n0b = TAKE(d.nf);
    sw.c1w = TAKE((long)d.cc * d.nf * d.ks);
    sw.c1b = TAKE(d.cc);
    sw.n1w = TAKE(d.cc);
    sw.n1b = TAKE(d.cc);
    sw.c2w = TAKE((long)d.cc * d.cc * d.ks);
    sw.c2b = TAKE(d.cc);
    sw.n2w = TAKE(d.cc);
    sw.n2b = TAKE(d.cc);
    float *wp = workspace + p.wpack;
    sw.filters_p = pack_weights(e, d.nf, d.taps, sw.filters, &wp);
    sw.c1p = pack_weights(e, d.cc, d.nf * d.ks, sw.c1w, &wp);
    sw.c2p = pack_weights(e, d.cc, d.cc * d.ks, sw.c2w, &wp);
    /* Mirror-symmetric filters (always, from ParamSincFB) as halves: cosine taps 0 ... half, sine 0 ... half - 1. */
    sw.mirror = mirror_symmetric(sw.filters, d.nf, d.taps);
    sw.cos_h = sw.sin_h = sw.cos_p = sw.sin_p = NULL;
    if (sw.mirror) {
        const int nb = d.nf / 2, half = d.taps / 2;
        float *ch = workspace + p.halves, *sh = ch + (long)nb * (half + 1);
        for (int c = 0; c < nb; c++) {
            memcpy(ch + (long)c * (half + 1), sw.filters + (long)c * d.taps, (size_t)(half + 1) * sizeof(float));
            memcpy(sh + (long)c * half, sw.filters + (long)(nb + c) * d.taps, (size_t)half * sizeof(float));
        }
        sw.cos_h = ch;
        sw.sin_h = sh;
        sw.cos_p = pack_weights(e, nb, half + 1, ch, &wp);
        sw.sin_p = pack_weights(e, nb, half, sh, &wp);
    }

    /* ---- SincNet, window by window, into the first LSTM buffer ---- */
    float *yin = workspace + p.ya, *yout = workspace + p.yb;
    for (int b = 0; b < batch; b++)
        sincnet(e, &d, &p, workspace, &sw, samples + (long)b * d.S, yin + b, ncol, batch);

    /* ---- Bidirectional LSTM ---- */
    float *const xp = workspace + p.xp, *const gates = workspace + p.gates;
    float *const cell = workspace + p.cell, *const hid = workspace + p.hid, *const whh = workspace + p.whh;
    const long ldx = g.chunk * batch;
    const long nchunks = (d.t4 + g.chunk - 1) / g.chunk;
    int in = d.cc;
    for (int l = 0; l < d.L; l++) {
        for (int dir = 0; dir < 2; dir++) {
            const float *wih = TAKE((long)G4 * in), *whh_w = TAKE((long)G4 * H), *bias = TAKE(G4);
            const float *wih_p = NULL;
            if (e->isa != CDSP_MM_ISA_BLAS) {
                cdsp_mm_pack_a(G4, in, wih, e->apack);
                wih_p = e->apack;
                pack_gates(G4, H, whh_w, whh);
            }
            for (int k = 0; k < in; k++)
                e->offsets[k] = (long)k * ncol;
            memset(cell, 0, (size_t)(H * bp) * sizeof(float));
            memset(hid, 0, (size_t)(H * bp) * sizeof(float));
            const epilogue bep = {bias, NULL, 0, 0, 0.0f};
            float *const yd = yout + (long)dir * H * ncol;
            for (long ci = 0; ci < nchunks; ci++) {
                const long c = dir == 0 ? ci : nchunks - 1 - ci;
                const long t0 = c * g.chunk, t1 = t0 + g.chunk < d.t4 ? t0 + g.chunk : d.t4;
                product_rows(e, G4, (t1 - t0) * batch, in, wih, wih_p, yin + t0 * batch, xp, ldx, &bep, BLAS_TILE);
                for (long s = 0; s < t1 - t0; s++) {
                    const long t = dir == 0 ? t0 + s : t1 - 1 - s;
                    lstm_gates(e, G4, H, batch, bp, whh_w, whh, hid, xp + (t - t0) * batch, ldx, gates);
                    lstm_cell(H, batch, bp, gates, cell, hid, yd + t * batch, ncol);
                }
            }
        }
        float *const tmp = yin;
        yin = yout;
        yout = tmp;
        in = 2 * H;
    }

    /* ---- Linear layers, classifier ---- */
    for (int i = 0; i < d.nl; i++) {
        const float *w = TAKE((long)d.lh * in), *bias = TAKE(d.lh);
        for (int k = 0; k < in; k++)
            e->offsets[k] = (long)k * ncol;
        const epilogue lep = {bias, NULL, 1, 0, LEAKY_SLOPE};
        product_rows(e, d.lh, ncol, in, w, NULL, yin, yout, ncol, &lep, BLAS_TILE);
        float *const tmp = yin;
        yin = yout;
        yout = tmp;
        in = d.lh;
    }
    const float *cw = TAKE((long)d.C * in), *cb = TAKE(d.C);
#undef TAKE
    for (int k = 0; k < in; k++)
        e->offsets[k] = (long)k * ncol;
    const epilogue cep = {cb, NULL, 0, 0, 0.0f};
    product_rows(e, d.C, ncol, in, cw, NULL, yin, yout, ncol, &cep, BLAS_TILE);

    /* ---- Softmax, window-major output ---- */
    for (int b = 0; b < batch; b++)
        for (long t = 0; t < d.t4; t++) {
            const float *z = yout + t * batch + b;
            float *out = probabilities + ((long)b * d.t4 + t) * d.C;
            float mx = z[0];
            for (int c = 1; c < d.C; c++)
                mx = z[(long)c * ncol] > mx ? z[(long)c * ncol] : mx;
            double sum = 0.0;
            for (int c = 0; c < d.C; c++)
                sum += exp((double)(z[(long)c * ncol] - mx));
            for (int c = 0; c < d.C; c++)
                out[c] = (float)(exp((double)(z[(long)c * ncol] - mx)) / sum);
        }
    return CDSP_SEGMENTATION_OK;
}

/*
 * Measurements (development machine: AMD EPYC Zen 5 with AVX-512, 2 cores shared with other jobs, so a few %
 * between runs; 1 thread, one batch of 16 random windows of 10 s, best of 3; PyTorch 2.13 on the same input
 * shape: 34-41 windows/s with 1 thread, 52-73 with 2):
 *  - first complete version (general filterbank product, projection in chunks of 64 steps, polynomial
 *    sigmoid/tanh, 16 x 16 recurrence kernel): 73-76 windows/s (192-199 GFLOP/s counted as a direct
 *    implementation does the arithmetic, 1.318 G multiply-adds per window); perf: the products 62 %, the
 *    recurrence kernel 19 %, the cell update 6 %; both kernels run close to the core's two 16-float FMAs per
 *    cycle, so only less arithmetic helps;
 *  - mirror-symmetric filterbank (halves, sums and differences produced per panel): 82-83 windows/s (the
 *    filterbank's 321 M multiply-adds per window become 161 M; the producer costs 3 % of the time). The
 *    outputs differ from the general path's by about 1e-8;
 *  - input projection of each layer and direction as one product over all frames of all windows (the
 *    simplest layout): 65 windows/s against 75.5 in chunks of 64 time steps (32: 76.4, 128: 76.2): a chunk's
 *    projection (512 x 1024 floats) is still in L2 when the recurrence reads it, while the whole one
 *    (19 MB for 16 windows) goes through memory; chunks also save those 19 MB of workspace;
 *  - recurrence through the general 8 x 48 kernel (the 16 windows use 16 of its 48 columns): 58 windows/s
 *    against 83 with the dedicated 16-row x 16-window kernel;
 *  - sigmoid and tanh from libm (expf, tanhf; not vectorised): 35.5 windows/s against 75.5 with the
 *    polynomials, at the same accuracy: over [-30, 30], sigmoid 2.5 ulp (1 / (1 + expf(-x)) also 2.5),
 *    tanh 1.3 ulp (tanhf 2.2), absolute errors below 1e-7; parity with PyTorch unchanged (1.2e-5 both);
 *  - windows per batch (1 thread): 1: 14.5 windows/s (one lane of 16 in the recurrence), 4: 40, 8: 60,
 *    16: 75, 32: 75, 64: 64 (the LSTM buffers, 77 MB, no longer fit the caches). Workspace: 6.4 MB for 1
 *    window, 15.8 MB for 8, 26.5 MB for 16, 48 MB for 32;
 *  - BLAS engine (Debian's OpenBLAS 0.3.21, Haswell kernels; cblas_sgemm per recurrence step): 44 windows/s;
 *  - two threads, each on its own batch of 16 (bechdelcli bench segmentation): 163-166 windows/s, so a
 *    2-hour film with a window every 5 s (1,440 windows) takes about 9 s.
 */
