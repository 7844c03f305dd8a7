/*
 * cdsp_campplus.h - forward pass of the CAM++ speaker embedding network (3D-Speaker's CAMPPlus, as in
 *                   docs/AUDIO_MODEL_FORMAT.md and the spec of Models/campplus.model) on a ragged batch.
 *
 * Input: `batch` windows of raw log-mel rows (frames[b] rows of feature_dim values each), concatenated
 * row-major. Each window's mean over its frames is subtracted here; the network (2-D convolution head,
 * TDNN, three CAM dense blocks with transitions, statistics pooling, dense layer) writes one
 * embedding_dim vector per window (no length normalisation).
 *
 * Memory: the caller owns everything. The weights live in one float buffer whose layout this file
 * defines: tensor i (0 <= i < cdsp_campplus_tensor_count) has the section name, shape and offset given by
 * cdsp_campplus_tensor_info and is copied in by cdsp_campplus_store_tensor (which may reorder its values
 * for the kernels). The workspace size comes from cdsp_campplus_workspace_floats. Nothing allocates and
 * nothing does I/O; several threads may embed at once with the same weights and their own workspaces.
 * Matrix products go through cblas_sgemm; call openblas_set_num_threads(1) once so that parallelism stays
 * the caller's. The result for a window does not depend on the thread that computes it.
 *
 * Every function returns CDSP_CAMPPLUS_OK (0) or a negative error code, and writes nothing on error.
 */
#ifndef CDSP_CAMPPLUS_H
#define CDSP_CAMPPLUS_H

#include <stddef.h>

#include "cdsp_matrix_kernels.h"

#define CDSP_CAMPPLUS_OK 0
#define CDSP_CAMPPLUS_ERR_CONFIG (-1)     /* configuration values out of range or inconsistent */
#define CDSP_CAMPPLUS_ERR_SIZE (-2)       /* batch or frame counts out of range, or input size mismatch */
#define CDSP_CAMPPLUS_ERR_WEIGHTS (-3)    /* weight buffer size does not match the configuration */
#define CDSP_CAMPPLUS_ERR_WORKSPACE (-4)  /* workspace smaller than cdsp_campplus_workspace_floats, or misaligned */
#define CDSP_CAMPPLUS_ERR_OUTPUT (-5)     /* output smaller than batch * embedding_dim */
#define CDSP_CAMPPLUS_ERR_INDEX (-6)      /* tensor index out of range, or value count not its shape's */
#define CDSP_CAMPPLUS_ERR_KERNELS (-7)    /* the requested kernels are not available on this CPU or build */

/* Limits checked by every function (they keep all sizes far inside int and long ranges). */
#define CDSP_CAMPPLUS_MAX_BATCH 65536
#define CDSP_CAMPPLUS_MAX_FRAMES (1 << 20)        /* frames in one window */
#define CDSP_CAMPPLUS_MAX_TOTAL_FRAMES (1 << 22)  /* frames in one call */
#define CDSP_CAMPPLUS_MAX_LAYERS 256               /* layers per dense block */
#define CDSP_CAMPPLUS_NAME_CAPACITY 64             /* bytes of a tensor name, with its terminating 0 */

/* Hyper-parameters, as stored in the model's int32 sections `campplus.*`. */
typedef struct cdsp_campplus_config {
    int feature_dim;          /* log-mel bands, a multiple of 8 (80) */
    int head_channels;        /* channels of the 2-D convolution head (32) */
    int tdnn_channels;        /* output channels of the first TDNN layer (128) */
    int growth_rate;          /* channels each dense layer adds (32) */
    int bottleneck_channels;  /* channels inside a dense layer, even (128) */
    int block_layers[3];      /* layers per dense block (12, 24, 16) */
    int block_dilations[3];   /* dilation of the dense layers' time convolution (1, 2, 2) */
    int embedding_dim;        /* output size (192) */
    int segment_frames;       /* segment length of the CAM context pooling, in TDNN frames (100) */
} cdsp_campplus_config;

/* One weight tensor: where it lives in the weight buffer and what the model file calls it. */
typedef struct cdsp_campplus_tensor {
    char name[CDSP_CAMPPLUS_NAME_CAPACITY]; /* model section name, e.g. "xvector.block1.tdnnd1.bn1.scale" */
    int rank;                               /* 1...4 */
    int shape[4];                           /* extents in the model file's (PyTorch) order */
    long count;                             /* product of the shape */
    long offset;                            /* first float in the weight buffer */
} cdsp_campplus_tensor;

/* CDSP_CAMPPLUS_OK if every value is in range and the channel counts are consistent. */
int cdsp_campplus_check_config(const cdsp_campplus_config *cfg);

/* Number of weight tensors, or a negative error code. */
int cdsp_campplus_tensor_count(const cdsp_campplus_config *cfg);

/* Floats in the weight buffer (sum of every tensor's count), or a negative error code. */
long cdsp_campplus_weight_floats(const cdsp_campplus_config *cfg);

/* Describes tensor `index` (tensors are numbered in the network's order). */
int cdsp_campplus_tensor_info(const cdsp_campplus_config *cfg, int index, cdsp_campplus_tensor *info);

/* Copies tensor `index` (count floats in the model file's row-major order) into its place in the weight
 * buffer (weight_floats = cdsp_campplus_weight_floats), in the layout the kernels use. */
int cdsp_campplus_store_tensor(const cdsp_campplus_config *cfg, int index, const float *values, long count,
                               float *weights, long weight_floats);

/* Floats of workspace cdsp_campplus_embed needs for this batch (about 12 MB plus 2.4 KB per frame for the
 * shipped model), or a negative error code. The workspace must be aligned to 8 bytes (64 for speed). */
long cdsp_campplus_workspace_floats(const cdsp_campplus_config *cfg, int batch, const int *frames);

/* Multiply-accumulates of the network's convolutions and linear layers for this batch (the arithmetic a
 * direct implementation does; for throughput figures), or a negative error code. */
double cdsp_campplus_macs(const cdsp_campplus_config *cfg, int batch, const int *frames);

/*
 * Embeds `batch` windows. fbank: the windows' raw log-mel rows concatenated, (sum of frames) x feature_dim
 * floats, fbank_floats of them. frames[b] >= 1. embeddings receives batch x embedding_dim floats
 * (embedding_floats >= that). weights: filled by cdsp_campplus_store_tensor for every tensor. kernels:
 * CDSP_MATRIX_KERNELS_* (cdsp_matrix_kernels.h); the workspace size does not depend on it. With the own
 * kernels (AVX512) a window's embedding is bit-identical whatever else is in the batch; with BLAS it may
 * differ in the last bits.
 */
int cdsp_campplus_embed(const cdsp_campplus_config *cfg, int kernels, const float *weights, long weight_floats,
                        const float *fbank, long fbank_floats, int batch, const int *frames,
                        float *workspace, long workspace_floats, float *embeddings, long embedding_floats);

#endif /* CDSP_CAMPPLUS_H */
