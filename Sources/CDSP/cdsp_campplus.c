#include "cdsp_campplus.h"
#include "cdsp_matmul.h"
#include "cdsp_sum.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * Layout of the computation (sizes for the shipped model: F = 80 bands, 32 head channels, 128 TDNN
 * channels, dense blocks 128 -> 512 -> 256 -> 1024 -> 512 -> 1024 -> 512 channels). The matrix products
 * themselves are the shared engine of cdsp_matmul.h (described there, with its measurements).
 *
 * Head (2-D convolutions on the image feature x time). Windows are cut into pieces and pieces are laid
 * side by side in "head groups" of at most HEAD_COLS columns, one zero column before, between and after
 * the pieces (the convolutions' time padding), and one zero row above and below every channel's image
 * (the frequency padding). A channel's image is thus one contiguous (rows + 2) x W array, and a 3x3
 * convolution with stride 1 reads, for each of its 9 taps, the whole image shifted by a constant offset:
 * the product (channels_out x 9 channels_in) x (9 channels_in x positions) reads its B operand through
 * those offsets (own kernels) or from im2col tiles of memcpy'd runs (BLAS). Outputs computed at the
 * padding columns are garbage and are zeroed by multiplying with a column mask in the epilogue (bias,
 * ReLU, mask). Residual blocks accumulate their second convolution onto the shortcut. A window longer than
 * a group is cut into pieces whose time ranges overlap by HALO frames on each side: the zero column at a
 * cut is wrong, its error moves one column inwards per 3x3 convolution (10 of them), so with 12 the frames
 * the TDNN reads are exact. The head's memory is therefore bounded whatever the window lengths.
 *
 * TDNN and dense blocks (1-D, channels x time). All windows of the call lie side by side on one time axis
 * of `ncol` columns, separated by `pad` (= the largest dilation) zero columns, channel-major: row c of a
 * block buffer holds channel c for every column. A dense layer appends its growth_rate channels by
 * writing them into the next rows of the block buffer (no concatenation copies). Its input BatchNorm +
 * ReLU is applied to one panel or tile of columns at a time, just before the 1x1 convolution's product
 * reads it; its dilated time convolution reads the bottleneck h, whose padding columns are zero, through
 * shifted views. A transition layer reads each panel or tile of columns before writing its output over
 * the first rows of the same columns, so one block buffer serves all three blocks. Statistics pooling and
 * the CAM context average only each window's own columns.
 */

#define HALO 12         /* frames of overlap on each side of a cut piece (10 convolutions + TDNN reach 2) */
#define HEAD_COLS 256   /* maximum columns of a head group, pieces and zero columns together (256 was as
                         * fast as 512 and 1024 even for 600-frame windows cut into pieces: smaller images
                         * stay in cache; and it needs 7 MB less workspace than 512) */
#define HEAD_TILE 2048  /* target output positions (whole frequency rows) per head GEMM */
#define TDNN_TILE 256   /* TDNN output frames per GEMM */
#define XTILE 256       /* columns per tile of the dense and transition layers */
#define ALIGN 16        /* floats: workspace regions start on 64-byte boundaries */
#define GUARD 16        /* zero floats before and after each head image */
#define MR CDSP_MM_MR  /* rows of A per register block of the own kernels */
#define NR CDSP_MM_NR  /* columns of B per packed panel */
#define CLONES CDSP_MM_CLONES
#define ISA_BLAS CDSP_MM_ISA_BLAS
#define ISA_AVX512 CDSP_MM_ISA_AVX512
typedef cdsp_mm_epilogue epilogue;
typedef cdsp_mm_engine engine;

/* ---------------------------------------------------------------------------------------------------- */
/* Configuration */

typedef struct {
    int F, hc, tc, g, bn, E, seg;
    int L[3], d[3];
    int cin[3];  /* channels entering dense block b */
    int cout[3]; /* channels leaving dense block b, before its transition */
    int cfinal;  /* channels after the last transition */
    int cmax;    /* rows of the block buffer */
    int pad;     /* zero columns between windows on the TDNN time axis */
} dims;

static int in_range(int v, int lo, int hi) { return v >= lo && v <= hi; }

static int make_dims(const cdsp_campplus_config *c, dims *d)
{
    if (!c)
        return 0;
    if (!in_range(c->feature_dim, 8, 4096) || c->feature_dim % 8 != 0 || !in_range(c->head_channels, 1, 1024)
        || !in_range(c->tdnn_channels, 1, 8192) || !in_range(c->growth_rate, 1, 4096)
        || !in_range(c->bottleneck_channels, 2, 8192) || c->bottleneck_channels % 2 != 0
        || !in_range(c->embedding_dim, 1, 65536) || !in_range(c->segment_frames, 1, CDSP_CAMPPLUS_MAX_FRAMES))
        return 0;
    d->F = c->feature_dim;
    d->hc = c->head_channels;
    d->tc = c->tdnn_channels;
    d->g = c->growth_rate;
    d->bn = c->bottleneck_channels;
    d->E = c->embedding_dim;
    d->seg = c->segment_frames;
    d->pad = 1;
    long ch = d->tc, mx = 0;
    for (int b = 0; b < 3; b++) {
        if (!in_range(c->block_layers[b], 1, CDSP_CAMPPLUS_MAX_LAYERS) || !in_range(c->block_dilations[b], 1, 64))
            return 0;
        d->L[b] = c->block_layers[b];
        d->d[b] = c->block_dilations[b];
        if (d->d[b] > d->pad)
            d->pad = d->d[b];
        d->cin[b] = (int)ch;
        ch += (long)d->L[b] * d->g;
        if (ch > 65536 || ch % 2 != 0)
            return 0;
        d->cout[b] = (int)ch;
        if (ch > mx)
            mx = ch;
        ch /= 2;
    }
    d->cfinal = (int)ch;
    d->cmax = (int)mx;
    return 1;
}

int cdsp_campplus_check_config(const cdsp_campplus_config *cfg)
{
    dims d;
    return make_dims(cfg, &d) ? CDSP_CAMPPLUS_OK : CDSP_CAMPPLUS_ERR_CONFIG;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Tensor table: every weight tensor in the network's order, which is also the order in which the forward
 * pass consumes the weight buffer. */

typedef struct {
    int target;                 /* index to describe, or -1 */
    int index;                  /* tensors visited so far */
    long offset;                /* floats visited so far */
    cdsp_campplus_tensor *out;  /* receives the target's description */
} walker;

static void emit(walker *w, const char *fmt, int a, int b, int rank, int d0, int d1, int d2, int d3)
{
    const int dims4[4] = {d0, d1, d2, d3};
    long count = 1;
    for (int i = 0; i < rank; i++)
        count *= dims4[i];
    if (w->index == w->target && w->out) {
        cdsp_campplus_tensor *t = w->out;
        snprintf(t->name, sizeof t->name, fmt, a, b);
        t->rank = rank;
        for (int i = 0; i < 4; i++)
            t->shape[i] = i < rank ? dims4[i] : 1;
        t->count = count;
        t->offset = w->offset;
    }
    w->index++;
    w->offset += count;
}

static void walk(const dims *d, walker *w)
{
    static const char *res[4] = {"1.0", "1.1", "2.0", "2.1"};
    const int hc = d->hc;
    emit(w, "head.conv1.weight", 0, 0, 4, hc, 1, 3, 3);
    emit(w, "head.conv1.bias", 0, 0, 1, hc, 0, 0, 0);
    for (int r = 0; r < 4; r++) {
        /* The layer name is spliced in as two ints: layer<a>.<b>. */
        const int a = res[r][0] - '0', b = res[r][2] - '0';
        emit(w, "head.layer%d.%d.conv1.weight", a, b, 4, hc, hc, 3, 3);
        emit(w, "head.layer%d.%d.conv1.bias", a, b, 1, hc, 0, 0, 0);
        emit(w, "head.layer%d.%d.conv2.weight", a, b, 4, hc, hc, 3, 3);
        emit(w, "head.layer%d.%d.conv2.bias", a, b, 1, hc, 0, 0, 0);
        if (b == 0) {
            emit(w, "head.layer%d.%d.shortcut.weight", a, b, 4, hc, hc, 1, 1);
            emit(w, "head.layer%d.%d.shortcut.bias", a, b, 1, hc, 0, 0, 0);
        }
    }
    emit(w, "head.conv2.weight", 0, 0, 4, hc, hc, 3, 3);
    emit(w, "head.conv2.bias", 0, 0, 1, hc, 0, 0, 0);
    emit(w, "xvector.tdnn.weight", 0, 0, 3, d->tc, hc * (d->F / 8), 5, 0);
    emit(w, "xvector.tdnn.bias", 0, 0, 1, d->tc, 0, 0, 0);
    for (int b = 0; b < 3; b++) {
        for (int l = 1; l <= d->L[b]; l++) {
            const int in = d->cin[b] + (l - 1) * d->g;
            emit(w, "xvector.block%d.tdnnd%d.bn1.scale", b + 1, l, 1, in, 0, 0, 0);
            emit(w, "xvector.block%d.tdnnd%d.bn1.shift", b + 1, l, 1, in, 0, 0, 0);
            emit(w, "xvector.block%d.tdnnd%d.linear1.weight", b + 1, l, 2, d->bn, in, 0, 0);
            emit(w, "xvector.block%d.tdnnd%d.linear1.bias", b + 1, l, 1, d->bn, 0, 0, 0);
            emit(w, "xvector.block%d.tdnnd%d.cam.local.weight", b + 1, l, 3, d->g, d->bn, 3, 0);
            emit(w, "xvector.block%d.tdnnd%d.cam.linear1.weight", b + 1, l, 2, d->bn / 2, d->bn, 0, 0);
            emit(w, "xvector.block%d.tdnnd%d.cam.linear1.bias", b + 1, l, 1, d->bn / 2, 0, 0, 0);
            emit(w, "xvector.block%d.tdnnd%d.cam.linear2.weight", b + 1, l, 2, d->g, d->bn / 2, 0, 0);
            emit(w, "xvector.block%d.tdnnd%d.cam.linear2.bias", b + 1, l, 1, d->g, 0, 0, 0);
        }
        const int in = d->cout[b];
        emit(w, "xvector.transit%d.bn.scale", b + 1, 0, 1, in, 0, 0, 0);
        emit(w, "xvector.transit%d.bn.shift", b + 1, 0, 1, in, 0, 0, 0);
        emit(w, "xvector.transit%d.linear.weight", b + 1, 0, 2, in / 2, in, 0, 0);
    }
    emit(w, "xvector.out.bn.scale", 0, 0, 1, d->cfinal, 0, 0, 0);
    emit(w, "xvector.out.bn.shift", 0, 0, 1, d->cfinal, 0, 0, 0);
    emit(w, "xvector.dense.weight", 0, 0, 2, d->E, 2 * d->cfinal, 0, 0);
    emit(w, "xvector.dense.bias", 0, 0, 1, d->E, 0, 0, 0);
}

int cdsp_campplus_tensor_count(const cdsp_campplus_config *cfg)
{
    dims d;
    if (!make_dims(cfg, &d))
        return CDSP_CAMPPLUS_ERR_CONFIG;
    walker w = {-1, 0, 0, NULL};
    walk(&d, &w);
    return w.index;
}

long cdsp_campplus_weight_floats(const cdsp_campplus_config *cfg)
{
    dims d;
    if (!make_dims(cfg, &d))
        return CDSP_CAMPPLUS_ERR_CONFIG;
    walker w = {-1, 0, 0, NULL};
    walk(&d, &w);
    return w.offset;
}

int cdsp_campplus_tensor_info(const cdsp_campplus_config *cfg, int index, cdsp_campplus_tensor *info)
{
    dims d;
    if (!make_dims(cfg, &d))
        return CDSP_CAMPPLUS_ERR_CONFIG;
    if (!info || index < 0)
        return CDSP_CAMPPLUS_ERR_INDEX;
    walker w = {index, 0, 0, info};
    walk(&d, &w);
    return index < w.index ? CDSP_CAMPPLUS_OK : CDSP_CAMPPLUS_ERR_INDEX;
}

int cdsp_campplus_store_tensor(const cdsp_campplus_config *cfg, int index, const float *values, long count,
                               float *weights, long weight_floats)
{
    cdsp_campplus_tensor t;
    const int rc = cdsp_campplus_tensor_info(cfg, index, &t);
    if (rc != CDSP_CAMPPLUS_OK)
        return rc;
    if (!values || count != t.count)
        return CDSP_CAMPPLUS_ERR_INDEX;
    if (!weights || weight_floats != cdsp_campplus_weight_floats(cfg))
        return CDSP_CAMPPLUS_ERR_WEIGHTS;
    memcpy(weights + t.offset, values, (size_t)count * sizeof(float));
    return CDSP_CAMPPLUS_OK;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Batch geometry and workspace plan */

typedef struct {
    long total_frames;
    long ncol;      /* columns of the TDNN time axis: sum of ceil(frames/2) + pad * (batch + 1) */
    long segments;  /* CAM segments over all windows */
} geometry;

static int make_geometry(const dims *d, int batch, const int *frames, geometry *g)
{
    if (batch < 1 || batch > CDSP_CAMPPLUS_MAX_BATCH || !frames)
        return 0;
    long total = 0, cols = 0, segs = 0;
    for (int b = 0; b < batch; b++) {
        const int t = frames[b];
        if (t < 1 || t > CDSP_CAMPPLUS_MAX_FRAMES)
            return 0;
        total += t;
        const long tp = (t + 1) / 2;
        cols += tp;
        segs += (tp + d->seg - 1) / d->seg;
    }
    if (total > CDSP_CAMPPLUS_MAX_TOTAL_FRAMES)
        return 0;
    g->total_frames = total;
    g->ncol = cols + (long)d->pad * (batch + 1);
    g->segments = segs;
    return 1;
}

static long max_l(long a, long b) { return a > b ? a : b; }
static long round_up(long n, long m) { return (n + m - 1) / m * m; }

/* Offsets (in floats) of every workspace region. */
typedef struct {
    long xmask, x, h, ctx, hid, mask, stats;             /* TDNN time axis */
    long img0, img_a, img_b, img_c, img_d, pmask;        /* head group */
    long scratch, apack, wpack, offsets;                 /* product operands (see cdsp_matmul.h) */
    long total;
} plan;

static long image_floats(int channels, int rows) { return round_up((long)channels * (rows + 2) * HEAD_COLS + 2 * GUARD, ALIGN); }

/* Largest K (inner dimension) and packed-A size of any product. */
static long max_k(const dims *d) { return max_l(max_l(9L * d->hc, 5L * d->hc * (d->F / 8)), max_l(d->cmax, 3L * d->bn)); }
static long max_apack(const dims *d)
{
    long a = round_up(d->hc, MR) * 9L * d->hc;
    a = max_l(a, round_up(d->tc, MR) * 5L * d->hc * (d->F / 8));
    a = max_l(a, round_up(d->bn, MR) * (long)d->cmax);
    a = max_l(a, round_up(d->g, MR) * 3L * d->bn);
    for (int b = 0; b < 3; b++)
        a = max_l(a, round_up(d->cout[b] / 2, MR) * (long)d->cout[b]);
    return a;
}

static void make_plan(const dims *d, int batch, const geometry *g, plan *p)
{
    long at = 0;
#define REGION(field, n) (p->field = at, at += round_up(n, ALIGN))
    REGION(xmask, g->ncol);
    REGION(x, (long)d->cmax * g->ncol);
    REGION(h, (long)d->bn * g->ncol);
    REGION(ctx, (long)d->bn * g->segments);
    REGION(hid, (long)(d->bn / 2) * g->segments);
    REGION(mask, (long)d->g * g->segments);
    REGION(stats, (long)batch * 2 * d->cfinal);
    REGION(img0, image_floats(1, d->F));
    REGION(img_a, image_floats(d->hc, d->F));
    REGION(img_b, image_floats(d->hc, d->F / 2));
    REGION(img_c, image_floats(d->hc, d->F / 2));
    REGION(img_d, image_floats(d->hc, d->F / 2));
    REGION(pmask, (long)d->F * HEAD_COLS);
    /* BLAS: a row-major tile of B; own kernels: one packed panel of B (plus A below). */
    long tile = 9L * d->hc * HEAD_TILE;
    tile = max_l(tile, 5L * d->hc * (d->F / 8) * TDNN_TILE);
    tile = max_l(tile, max_l(d->cmax, 3L * d->bn) * XTILE);
    REGION(scratch, max_l(tile, max_k(d) * NR));
    REGION(apack, max_apack(d));
    /* Head and TDNN weights, packed once per call (they are used by every head group). */
    REGION(wpack, round_up(d->hc, MR) * (9L + 4 * 18L * d->hc + 2L * d->hc + 9L * d->hc)
                      + round_up(d->tc, MR) * 5L * d->hc * (d->F / 8));
    REGION(offsets, 2 * max_l(9L * d->hc, 3L * d->bn)); /* longs: row offsets of B read in place */
#undef REGION
    p->total = at;
}

long cdsp_campplus_workspace_floats(const cdsp_campplus_config *cfg, int batch, const int *frames)
{
    dims d;
    geometry g;
    plan p;
    if (!make_dims(cfg, &d))
        return CDSP_CAMPPLUS_ERR_CONFIG;
    if (!make_geometry(&d, batch, frames, &g))
        return CDSP_CAMPPLUS_ERR_SIZE;
    make_plan(&d, batch, &g, &p);
    return p.total;
}

double cdsp_campplus_macs(const cdsp_campplus_config *cfg, int batch, const int *frames)
{
    dims d;
    geometry g;
    if (!make_dims(cfg, &d))
        return CDSP_CAMPPLUS_ERR_CONFIG;
    if (!make_geometry(&d, batch, frames, &g))
        return CDSP_CAMPPLUS_ERR_SIZE;
    const double hc = d.hc, F = d.F, k3 = 9.0 * hc * hc;
    /* Head, per frame: conv1; per residual stage (frequency F/2, then F/4): a strided 3x3, three 3x3,
     * a 1x1 shortcut; conv2 at F/8. */
    const double head = 9.0 * hc * F + (4 * k3 + hc * hc) * (F / 2) + (4 * k3 + hc * hc) * (F / 4) + k3 * (F / 8);
    double per_col = (double)d.tc * hc * (F / 8) * 5; /* TDNN, per output frame */
    double per_seg = 0;
    for (int b = 0; b < 3; b++) {
        for (int l = 0; l < d.L[b]; l++) {
            const double in = d.cin[b] + (double)l * d.g;
            per_col += in * d.bn + 3.0 * d.bn * d.g;
            per_seg += (double)(d.bn / 2) * d.bn + (double)d.g * (d.bn / 2);
        }
        per_col += (double)d.cout[b] * (d.cout[b] / 2);
    }
    const double cols = (double)(g.ncol - (long)d.pad * (batch + 1));
    return head * (double)g.total_frames + per_col * cols + per_seg * (double)g.segments
        + (double)batch * d.E * 2 * d.cfinal;
}

/* ---------------------------------------------------------------------------------------------------- */
/* Matrix products: the shared engine of cdsp_matmul.h (own AVX-512 kernels or cblas_sgemm, with the
 * measurements that chose them), chosen by cdsp_matrix_kernels_resolve. */

/* ---------------------------------------------------------------------------------------------------- */
/* Producers */

static inline void copy_run(float *restrict dst, const float *restrict src, int n)
{
    memcpy(dst, src, (size_t)n * sizeof(float));
}

/* im2col of a ksize x ksize convolution (padding 1 for 3x3), frequency stride `stride`, over the output
 * positions q = row * W + column of the real output rows. Row k of B = input channel k / taps, tap k % taps.
 * (BLAS only: the own kernels read these rows in place.) */
typedef struct {
    const float *in;  /* image [cin][rows + 2][W] */
    long in_ch;       /* floats per input channel */
    int cin, W, ksize, stride;
} conv_source;

CLONES static void produce_conv(const void *vctx, long j0, int count, float *dst, long ld)
{
    const conv_source *s = vctx;
    const int taps = s->ksize * s->ksize;
    for (int ci = 0; ci < s->cin; ci++) {
        for (int tap = 0; tap < taps; tap++) {
            /* Tap (kf, kt) of output row r reads padded input row stride * r + kf, column + kt. */
            const int kf = s->ksize == 3 ? tap / 3 : 1, kt = s->ksize == 3 ? tap % 3 - 1 : 0;
            const float *base = s->in + ci * s->in_ch + (long)kf * s->W + kt;
            float *d = dst + (long)(ci * taps + tap) * ld;
            if (s->stride == 1) {
                copy_run(d, base + j0, count);
                continue;
            }
            long q = j0;
            int left = count;
            while (left > 0) {
                const long r = q / s->W;
                const int c = (int)(q - r * s->W);
                const int run = s->W - c < left ? s->W - c : left;
                copy_run(d, base + (long)s->stride * r * s->W + c, run);
                d += run;
                q += run;
                left -= run;
            }
        }
    }
}

/* The TDNN's input (kernel 5, stride 2, padding 2) for outputs t0 + j of one piece: row (c * f8 + f) * 5 + tap
 * holds frame 2 (t0 + j) + tap - 2 of head channel c, frequency f (zero outside the window). */
typedef struct {
    const float *img; /* head output [hc][f8 + 2][W] */
    long img_ch;
    int hc, f8, W;
    int col0;         /* column of window frame 0 (may be negative: only frames in [hs, he) are there) */
    int hs, he;       /* frames present in the group */
    int t0;
} tdnn_source;

CLONES static void produce_tdnn(const void *vctx, long j0, int count, float *dst, long ld)
{
    const tdnn_source *s = vctx;
    for (int c = 0; c < s->hc; c++) {
        for (int f = 0; f < s->f8; f++) {
            const float *src = s->img + c * s->img_ch + (long)(f + 1) * s->W + s->col0;
            for (int tap = 0; tap < 5; tap++) {
                float *d = dst + (long)((c * s->f8 + f) * 5 + tap) * ld;
                for (int j = 0; j < count; j++) {
                    const long frame = 2 * (s->t0 + j0 + j) + tap - 2;
                    d[j] = frame >= s->hs && frame < s->he ? src[frame] : 0.0f;
                }
            }
        }
    }
}

/* max(0, scale[k] x[k][j] + shift[k]) for the first K channels of a block buffer. */
typedef struct {
    const float *x;
    long ld;
    int K;
    const float *scale, *shift;
} bn_source;

CLONES static void produce_bn_relu(const void *vctx, long j0, int count, float *dst, long ld)
{
    const bn_source *s = vctx;
    for (int k = 0; k < s->K; k++) {
        const float *restrict src = s->x + k * s->ld + j0;
        float *restrict d = dst + k * ld;
        const float sc = s->scale[k], sh = s->shift[k];
        for (int j = 0; j < count; j++) {
            const float v = sc * src[j] + sh;
            d[j] = v > 0.0f ? v : 0.0f;
        }
    }
}

/* The dilated time convolution's input: row ci * 3 + tap is h[ci] shifted by (tap - 1) * dilation (BLAS only). */
typedef struct {
    const float *h;
    long ld, first;
    int channels, dilation;
} shift_source;

CLONES static void produce_shifted(const void *vctx, long j0, int count, float *dst, long ld)
{
    const shift_source *s = vctx;
    for (int ci = 0; ci < s->channels; ci++)
        for (int tap = 0; tap < 3; tap++)
            copy_run(dst + (long)(ci * 3 + tap) * ld, s->h + ci * s->ld + s->first + j0 + (long)(tap - 1) * s->dilation,
                     count);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Head */

/* One piece of a window in a head group. Frames [s, e) of window `win` are the ones whose TDNN outputs
 * (frames s/2 ... ceil(e/2) - 1) this piece produces; frames [hs, he) are laid out from column `col`. */
typedef struct {
    int win, s, e, hs, he, col;
} piece;

static float *image_at(float *workspace, long offset) { return workspace + offset + GUARD; }

/* Zeroes the padding rows of every channel and the guards of an image of `channels` x (`rows` + 2) x W. */
static void clear_image_padding(float *img, int channels, int rows, int W)
{
    const long ch = (long)(rows + 2) * W;
    memset(img - GUARD, 0, GUARD * sizeof(float));
    for (int c = 0; c < channels; c++) {
        memset(img + c * ch, 0, (size_t)W * sizeof(float));
        memset(img + c * ch + (long)(rows + 1) * W, 0, (size_t)W * sizeof(float));
    }
    memset(img + channels * ch, 0, GUARD * sizeof(float));
}

/* out (cout channels, fin / stride real rows, W columns) [+]= conv(in) + bias, optional ReLU, times the
 * position mask (zero at padding columns). weight: [cout][cin][ksize][ksize]. */
static void conv2d(const engine *e, const float *in, int cin, int fin, int W, int ksize, int stride,
                   const float *weight, const float *packed, const float *bias, int cout, float *out, int accumulate,
                   int relu, const float *pmask)
{
    const int fout = fin / stride, taps = ksize * ksize;
    const long in_ch = (long)(fin + 2) * W, out_ch = (long)(fout + 2) * W;
    const epilogue ep = {bias, pmask, relu, accumulate};
    if (e->isa != ISA_BLAS) {
        /* No im2col: row k = (ci, tap) of B at output row r, column c is in[off[k] + stride * r * W + c], read
         * in place by the kernel (an im2col copy took as long as the products themselves). With stride 1 the
         * positions of all rows are one run; with stride 2, one run per output row. */
        for (int ci = 0; ci < cin; ci++)
            for (int tap = 0; tap < taps; tap++) {
                const int kf = ksize == 3 ? tap / 3 : 1, kt = ksize == 3 ? tap % 3 - 1 : 0;
                e->offsets[ci * taps + tap] = ci * in_ch + (long)kf * W + kt;
            }
        if (stride == 1)
            cdsp_mm_product_own(e, cout, (long)fout * W, cin * taps, weight, packed, NULL, NULL, in, e->offsets, out + W,
                        out_ch, &ep);
        else
            for (int r = 0; r < fout; r++)
                cdsp_mm_product_own(e, cout, W, cin * taps, weight, packed, NULL, NULL, in + (long)stride * r * W, e->offsets,
                            out + (long)(r + 1) * W, out_ch, &ep);
        return;
    }
    const conv_source src = {in, in_ch, cin, W, ksize, stride};
    cdsp_mm_product(e, cout, (long)fout * W, cin * taps, weight, packed, produce_conv, &src, out + W, out_ch, &ep, HEAD_TILE);
}

/* Copies the real rows of every channel of an image (the identity shortcut). */
static void copy_image(const float *src, float *dst, int channels, int rows, int W)
{
    const long ch = (long)(rows + 2) * W;
    for (int c = 0; c < channels; c++)
        memcpy(dst + c * ch + W, src + c * ch + W, (size_t)rows * W * sizeof(float));
}

typedef struct {
    const float *w1, *b1, *w2, *b2, *ws, *bs; /* ws = NULL: identity shortcut */
    const float *p1, *p2, *ps;                /* the weights packed for the own kernels, or NULL */
} res_block;

/* Packs M x K weights into *at for the own kernels and advances *at; NULL (nothing to do) for BLAS. */
static const float *pack_weights(const engine *e, int M, int K, const float *A, float **at)
{
    if (e->isa == ISA_BLAS)
        return NULL;
    float *dst = *at;
    cdsp_mm_pack_a(M, K, A, dst);
    *at += round_up(M, MR) * (long)K;
    return dst;
}

/* Zeroes the padding columns (before, between and after windows) of rows [r0, r1) of a buffer. */
static void zero_pads(float *buf, long ld, int r0, int r1, int pad, int batch, const int *frames)
{
    for (int r = r0; r < r1; r++) {
        float *row = buf + r * ld;
        long c = 0;
        for (int b = 0; b <= batch; b++) {
            memset(row + c, 0, (size_t)pad * sizeof(float));
            if (b < batch)
                c += pad + (frames[b] + 1) / 2;
        }
    }
}

static float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

/* ---------------------------------------------------------------------------------------------------- */

int cdsp_campplus_embed(const cdsp_campplus_config *cfg, int kernels, const float *weights, long weight_floats,
                        const float *fbank, long fbank_floats, int batch, const int *frames,
                        float *workspace, long workspace_floats, float *embeddings, long embedding_floats)
{
    dims d;
    geometry g;
    plan p;
    if (!make_dims(cfg, &d))
        return CDSP_CAMPPLUS_ERR_CONFIG;
    const int resolved = cdsp_matrix_kernels_resolve(kernels);
    if (resolved < 0)
        return CDSP_CAMPPLUS_ERR_KERNELS;
    if (!make_geometry(&d, batch, frames, &g) || !fbank || fbank_floats != g.total_frames * d.F)
        return CDSP_CAMPPLUS_ERR_SIZE;
    if (!weights || weight_floats != cdsp_campplus_weight_floats(cfg))
        return CDSP_CAMPPLUS_ERR_WEIGHTS;
    make_plan(&d, batch, &g, &p);
    if (!workspace || workspace_floats < p.total || (uintptr_t)workspace % sizeof(long) != 0)
        return CDSP_CAMPPLUS_ERR_WORKSPACE;
    if (!embeddings || embedding_floats < (long)batch * d.E)
        return CDSP_CAMPPLUS_ERR_OUTPUT;

    const int F = d.F, hc = d.hc;
    const long ncol = g.ncol;
    const int isa = resolved == CDSP_MATRIX_KERNELS_AVX512 ? ISA_AVX512
                    : ISA_BLAS;
    const engine eng = {isa, workspace + p.scratch, workspace + p.apack, (long *)(workspace + p.offsets)};
    const engine *const e = &eng;
    float *const X = workspace + p.x;
    float *const H = workspace + p.h;
    float *const xmask = workspace + p.xmask;

    /* Weights, consumed in the order of the tensor table. */
    const float *cursor = weights;
#define TAKE(n) (cursor += (n), cursor - (n))
    const float *head_w1 = TAKE(9L * hc), *head_b1 = TAKE(hc);
    res_block rb[4];
    for (int r = 0; r < 4; r++) {
        rb[r].w1 = TAKE(9L * hc * hc);
        rb[r].b1 = TAKE(hc);
        rb[r].w2 = TAKE(9L * hc * hc);
        rb[r].b2 = TAKE(hc);
        rb[r].ws = rb[r].bs = NULL;
        if (r % 2 == 0) {
            rb[r].ws = TAKE((long)hc * hc);
            rb[r].bs = TAKE(hc);
        }
    }
    const float *head_w2 = TAKE(9L * hc * hc), *head_b2 = TAKE(hc);
    const int f8 = F / 8, tdnn_k = 5 * hc * f8;
    const float *tdnn_w = TAKE((long)d.tc * tdnn_k), *tdnn_b = TAKE(d.tc);
    float *wp = workspace + p.wpack;
    const float *head_p1 = pack_weights(e, hc, 9, head_w1, &wp);
    for (int r = 0; r < 4; r++) {
        rb[r].p1 = pack_weights(e, hc, 9 * hc, rb[r].w1, &wp);
        rb[r].p2 = pack_weights(e, hc, 9 * hc, rb[r].w2, &wp);
        rb[r].ps = rb[r].ws ? pack_weights(e, hc, hc, rb[r].ws, &wp) : NULL;
    }
    const float *head_p2 = pack_weights(e, hc, 9 * hc, head_w2, &wp);
    const float *tdnn_p = pack_weights(e, d.tc, tdnn_k, tdnn_w, &wp);

    /* Mask of real columns on the TDNN time axis; padding columns of the TDNN output zero. */
    {
        long c = 0;
        for (int b = 0; b <= batch; b++) {
            for (int j = 0; j < d.pad; j++)
                xmask[c++] = 0.0f;
            if (b < batch)
                for (int t = 0; t < (frames[b] + 1) / 2; t++)
                    xmask[c++] = 1.0f;
        }
    }
    zero_pads(X, ncol, 0, d.tc, d.pad, batch, frames);

    /* ---- Head and TDNN, one group of pieces at a time ---- */
    float *const img0 = image_at(workspace, p.img0), *const A = image_at(workspace, p.img_a);
    float *const B = image_at(workspace, p.img_b), *const C = image_at(workspace, p.img_c);
    float *const D = image_at(workspace, p.img_d);
    float *const pmask = workspace + p.pmask;
    const int max_piece = (HEAD_COLS - 2 - 2 * HALO) & ~1; /* frames of a cut piece, even */
    /* Pieces advance through the windows in order; each records its window's first fbank row and first
     * TDNN column. */
    piece pieces[HEAD_COLS / 2];
    long piece_row[HEAD_COLS / 2], piece_xcol[HEAD_COLS / 2];
    int win = 0, next_s = 0;  /* next piece: window win, from frame next_s */
    long win_row = 0;         /* first fbank row of window win */
    long window_xcol = d.pad; /* first TDNN column of window win */
    while (win < batch) {
        /* Form a group: whole windows when they fit, otherwise pieces of max_piece frames with halos. */
        int np = 0, W = 1;
        while (win < batch) {
            const int T = frames[win];
            piece pc;
            pc.win = win;
            pc.s = next_s;
            pc.e = next_s == 0 && T + 2 <= HEAD_COLS ? T : (next_s + max_piece < T ? next_s + max_piece : T);
            pc.hs = pc.s - HALO > 0 ? pc.s - HALO : 0;
            pc.he = pc.e + HALO < T ? pc.e + HALO : T;
            const int width = pc.he - pc.hs;
            if (W + width + 1 > HEAD_COLS)
                break;
            pc.col = W;
            W += width + 1;
            piece_row[np] = win_row;
            piece_xcol[np] = window_xcol;
            pieces[np++] = pc;
            if (pc.e == T) {
                win_row += T;
                window_xcol += (T + 1) / 2 + d.pad;
                win++;
                next_s = 0;
            } else {
                next_s = pc.e;
            }
        }

        /* Input image: mean-subtracted log-mel, frequency rows x time columns; position mask. */
        clear_image_padding(img0, 1, F, W);
        memset(img0 + W, 0, (size_t)F * W * sizeof(float));
        memset(pmask, 0, (size_t)W * sizeof(float));
        for (int i = 0; i < np; i++) {
            const piece *pc = &pieces[i];
            const int T = frames[pc->win];
            const float *rows = fbank + piece_row[i] * F;
            float *mean = e->scratch; /* F floats, free until the first product */
            for (int f = 0; f < F; f++) {
                double s = 0.0;
                for (int t = 0; t < T; t++)
                    s += rows[(long)t * F + f];
                mean[f] = (float)(s / T);
            }
            for (int t = pc->hs; t < pc->he; t++) {
                const int c = pc->col + t - pc->hs;
                pmask[c] = 1.0f;
                for (int f = 0; f < F; f++)
                    img0[(long)(f + 1) * W + c] = rows[(long)t * F + f] - mean[f];
            }
        }
        for (int f = 1; f < F; f++)
            memcpy(pmask + (long)f * W, pmask, (size_t)W * sizeof(float));

        /* FCM head. */
        clear_image_padding(A, hc, F, W);
        conv2d(e, img0, 1, F, W, 3, 1, head_w1, head_p1, head_b1, hc, A, 0, 1, pmask);
        const float *in = A;
        int fin = F;
        for (int r = 0; r < 4; r++) {
            if (rb[r].ws) {
                /* Strided block: B = relu(conv1(in)), C = shortcut(in), C = relu(C + conv2(B)). */
                clear_image_padding(B, hc, fin / 2, W);
                clear_image_padding(C, hc, fin / 2, W);
                conv2d(e, in, hc, fin, W, 3, 2, rb[r].w1, rb[r].p1, rb[r].b1, hc, B, 0, 1, pmask);
                conv2d(e, in, hc, fin, W, 1, 2, rb[r].ws, rb[r].ps, rb[r].bs, hc, C, 0, 0, pmask);
                fin /= 2;
                conv2d(e, B, hc, fin, W, 3, 1, rb[r].w2, rb[r].p2, rb[r].b2, hc, C, 1, 1, pmask);
                in = C;
            } else {
                /* Identity block on `in` (= C): B = relu(conv1(C)), D = C, D = relu(D + conv2(B)). */
                clear_image_padding(D, hc, fin, W);
                conv2d(e, in, hc, fin, W, 3, 1, rb[r].w1, rb[r].p1, rb[r].b1, hc, B, 0, 1, pmask);
                copy_image(in, D, hc, fin, W);
                conv2d(e, B, hc, fin, W, 3, 1, rb[r].w2, rb[r].p2, rb[r].b2, hc, D, 1, 1, pmask);
                in = D; /* the next strided block reads D and writes B and C */
            }
        }
        /* The last (identity) block left its output in D; conv2 (frequency stride 2) writes B. */
        clear_image_padding(B, hc, fin / 2, W);
        conv2d(e, in, hc, fin, W, 3, 2, head_w2, head_p2, head_b2, hc, B, 0, 1, pmask);

        /* TDNN over each piece's frames; input channel c * f8 + f. */
        const epilogue tdnn_ep = {tdnn_b, NULL, 1, 0};
        for (int i = 0; i < np; i++) {
            const piece *pc = &pieces[i];
            const int t0 = pc->s / 2, t1 = (pc->e + 1) / 2;
            const tdnn_source src = {B, (long)(f8 + 2) * W, hc, f8, W, pc->col - pc->hs, pc->hs, pc->he, t0};
            cdsp_mm_product(e, d.tc, t1 - t0, tdnn_k, tdnn_w, tdnn_p, produce_tdnn, &src, X + piece_xcol[i] + t0, ncol, &tdnn_ep,
                    TDNN_TILE);
        }
    }

    /* ---- Dense blocks and transitions on the TDNN time axis ---- */
    float *const ctx = workspace + p.ctx, *const hid = workspace + p.hid, *const msk = workspace + p.mask;
    const int bn = d.bn, gr = d.g, half = d.bn / 2;
    for (int blk = 0; blk < 3; blk++) {
        const int dil = d.d[blk];
        for (int l = 0; l < d.L[blk]; l++) {
            const int in = d.cin[blk] + l * gr;
            const float *scale = TAKE(in), *shift = TAKE(in);
            const float *w1 = TAKE((long)bn * in), *b1 = TAKE(bn);
            const float *wl = TAKE(3L * gr * bn);
            const float *wc1 = TAKE((long)half * bn), *bc1 = TAKE(half);
            const float *wc2 = TAKE((long)gr * half), *bc2 = TAKE(gr);

            /* h = relu(W1 relu(bn1(x)) + b1), padding columns zero. */
            const bn_source bsrc = {X, ncol, in, scale, shift};
            const epilogue hep = {b1, xmask, 1, 0};
            cdsp_mm_product(e, bn, ncol, in, w1, NULL, produce_bn_relu, &bsrc, H, ncol, &hep, XTILE);

            /* y = local conv (kernel 3, dilation dil, padding dil) of h into rows [in, in + gr), over the
             * columns whose taps stay on the axis. */
            float *Y = X + (long)in * ncol;
            const epilogue none = {NULL, NULL, 0, 0};
            if (e->isa != ISA_BLAS) {
                /* Row ci * 3 + tap of B is h[ci] shifted by (tap - 1) * dil: read in place. */
                for (int ci = 0; ci < bn; ci++)
                    for (int tap = 0; tap < 3; tap++)
                        e->offsets[ci * 3 + tap] = ci * ncol + (long)(tap - 1) * dil;
                cdsp_mm_product_own(e, gr, ncol - 2 * d.pad, 3 * bn, wl, NULL, NULL, NULL, H + d.pad, e->offsets, Y + d.pad, ncol,
                            &none);
            } else {
                const shift_source ssrc = {H, ncol, d.pad, bn, dil};
                cdsp_mm_product(e, gr, ncol - 2 * d.pad, 3 * bn, wl, NULL, produce_shifted, &ssrc, Y + d.pad, ncol, &none, XTILE);
            }

            /* CAM: per segment, context = mean over the window + mean over the segment (100 TDNN frames, the
             * last one shorter: PyTorch's avg_pool1d with ceil_mode divides by the frames present), then
             * mask = sigmoid(W2 relu(W1 context + b1) + b2). Small products as fixed-order dot products, so a
             * segment's result does not depend on its position in the batch. */
            long col = d.pad, s = 0;
            for (int b = 0; b < batch; b++) {
                const long tp = (frames[b] + 1) / 2;
                const long nseg = (tp + d.seg - 1) / d.seg;
                for (int r = 0; r < bn; r++) {
                    /* Segment sums (8 float lanes from the segment's start), the window's total from them. */
                    const float *hr = H + r * ncol + col;
                    float *cr = ctx + s * bn + r;
                    double total = 0.0;
                    for (long k = 0; k < nseg; k++) {
                        const long a = k * d.seg, z = a + d.seg < tp ? a + d.seg : tp;
                        cr[k * bn] = cdsp_sum8(hr + a, (int)(z - a));
                        total += cr[k * bn];
                    }
                    const double mean = total / (double)tp;
                    for (long k = 0; k < nseg; k++) {
                        const long a = k * d.seg, z = a + d.seg < tp ? a + d.seg : tp;
                        cr[k * bn] = (float)(mean + cr[k * bn] / (double)(z - a));
                    }
                }
                for (long k = 0; k < nseg; k++) {
                    const float *cx = ctx + (s + k) * bn;
                    float *hd = hid + (s + k) * half, *mk = msk + (s + k) * gr;
                    for (int r = 0; r < half; r++) {
                        const float v = cdsp_dot8(wc1 + (long)r * bn, cx, bn) + bc1[r];
                        hd[r] = v > 0.0f ? v : 0.0f;
                    }
                    for (int r = 0; r < gr; r++)
                        mk[r] = sigmoid(cdsp_dot8(wc2 + (long)r * half, hd, half) + bc2[r]);
                }
                /* y *= mask of its segment. */
                for (int r = 0; r < gr; r++) {
                    float *yr = Y + r * ncol + col;
                    for (long k = 0; k < nseg; k++) {
                        const long a = k * d.seg, z = a + d.seg < tp ? a + d.seg : tp;
                        const float m = msk[(s + k) * gr + r];
                        for (long t = a; t < z; t++)
                            yr[t] *= m;
                    }
                }
                s += nseg;
                col += tp + d.pad;
            }
            zero_pads(X, ncol, in, in + gr, d.pad, batch, frames);
        }

        /* Transition: x[0, in/2) = W relu(bn(x[0, in))), in place (each tile or panel of B is produced before
         * its columns of C are written). */
        const int in = d.cout[blk];
        const float *scale = TAKE(in), *shift = TAKE(in), *wt = TAKE((long)(in / 2) * in);
        const bn_source tsrc = {X, ncol, in, scale, shift};
        const epilogue none = {NULL, NULL, 0, 0};
        cdsp_mm_product(e, in / 2, ncol, in, wt, NULL, produce_bn_relu, &tsrc, X, ncol, &none, XTILE);
    }

    /* ---- Output BatchNorm + ReLU, statistics pooling, dense layer ---- */
    const int cf = d.cfinal;
    const float *oscale = TAKE(cf), *oshift = TAKE(cf);
    const float *wd = TAKE((long)d.E * 2 * cf), *bd = TAKE(d.E);
#undef TAKE
    float *const stats = workspace + p.stats;
    long col = d.pad;
    for (int b = 0; b < batch; b++) {
        const long tp = (frames[b] + 1) / 2;
        float *st = stats + (long)b * 2 * cf;
        for (int c = 0; c < cf; c++) {
            const float *xr = X + c * ncol + col;
            const float s = oscale[c], h = oshift[c];
            double sum = 0.0;
            for (long t = 0; t < tp; t++) {
                const float v = s * xr[t] + h;
                sum += v > 0.0f ? v : 0.0f;
            }
            const double mean = sum / (double)tp;
            double var = 0.0;
            for (long t = 0; t < tp; t++) {
                const float v = s * xr[t] + h;
                const double dv = (v > 0.0f ? v : 0.0f) - mean;
                var += dv * dv;
            }
            st[c] = (float)mean;
            st[cf + c] = tp > 1 ? (float)sqrt(var / (double)(tp - 1)) : 0.01f;
        }
        for (int o = 0; o < d.E; o++)
            embeddings[(long)b * d.E + o] = cdsp_dot8(wd + (long)o * 2 * cf, st, 2 * cf) + bd[o];
        col += tp + d.pad;
    }
    return CDSP_CAMPPLUS_OK;
}
