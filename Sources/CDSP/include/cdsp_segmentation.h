/*
 * cdsp_segmentation.h - forward pass of pyannote's speaker segmentation network (segmentation-3.0, "PyanNet":
 *                       SincNet, 4-layer bidirectional LSTM, linear layers, powerset classifier; as in
 *                       docs/AUDIO_MODEL_FORMAT.md and the spec of Models/segmentation.model) on a batch of
 *                       windows of equal length.
 *
 * Input: `batch` windows of raw 16 kHz samples (values in [-1, 1]), window_samples each, concatenated. The
 * network (instance norm of the waveform, SincNet filterbank with |.| and max-pooling, two convolutions,
 * bidirectional LSTM, linear layers, classifier) writes, for each window and each of its frames, the softmax
 * probabilities of the `classes` powerset classes: probabilities[(b * frames + t) * classes + c].
 *
 * Memory: the caller owns everything. The weights live in one float buffer whose layout this file defines:
 * tensor i (0 <= i < cdsp_segmentation_tensor_count) has the name, shape and offset given by
 * cdsp_segmentation_tensor_info and is copied in by cdsp_segmentation_store_tensor. One tensor is not a
 * section of the model file (`computed` = 1): the SincNet filters, 2 x sinc_bands rows of sinc_taps values,
 * which the caller computes from the learned band edges (sincnet.filterbank.low_hz and band_hz). The
 * workspace size comes from cdsp_segmentation_workspace_floats. Nothing allocates and nothing does I/O;
 * several threads may run at once with the same weights and their own workspaces. Matrix products use the
 * own AVX-512 kernels or cblas_sgemm (call openblas_set_num_threads(1) once so that parallelism stays the
 * caller's). The result for a window does not depend on the thread that computes it; with the own kernels
 * it does not depend on the other windows of its batch either, bit for bit.
 *
 * Every function returns CDSP_SEGMENTATION_OK (0) or a negative error code, and writes nothing on error.
 */
#ifndef CDSP_SEGMENTATION_H
#define CDSP_SEGMENTATION_H

#include <stddef.h>

#include "cdsp_matrix_kernels.h"

#define CDSP_SEGMENTATION_OK 0
#define CDSP_SEGMENTATION_ERR_CONFIG (-1)     /* configuration values out of range or inconsistent */
#define CDSP_SEGMENTATION_ERR_SIZE (-2)       /* batch out of range, or input size mismatch */
#define CDSP_SEGMENTATION_ERR_WEIGHTS (-3)    /* weight buffer size does not match the configuration */
#define CDSP_SEGMENTATION_ERR_WORKSPACE (-4)  /* workspace smaller than cdsp_segmentation_workspace_floats, or misaligned */
#define CDSP_SEGMENTATION_ERR_OUTPUT (-5)     /* output smaller than batch * frames * classes */
#define CDSP_SEGMENTATION_ERR_INDEX (-6)      /* tensor index out of range, or value count not its shape's */
#define CDSP_SEGMENTATION_ERR_KERNELS (-7)    /* the requested kernels are not available on this CPU or build */

/* Limits checked by every function (they keep all sizes far inside int and long ranges). */
#define CDSP_SEGMENTATION_MAX_BATCH 4096
#define CDSP_SEGMENTATION_MAX_WINDOW_SAMPLES (1 << 24)    /* 17.5 minutes at 16 kHz */
#define CDSP_SEGMENTATION_MAX_TOTAL_SAMPLES (1L << 28)    /* samples in one call (4.7 hours at 16 kHz) */
#define CDSP_SEGMENTATION_NAME_CAPACITY 64                /* bytes of a tensor name, with its terminating 0 */

/* Hyper-parameters, as stored in the model's int32 sections `segmentation.*`, and the window length. */
typedef struct cdsp_segmentation_config {
    int sample_rate;     /* samples per second (16000; only checked, the arithmetic is in samples) */
    int window_samples;  /* samples per window of a call (the model's segmentation.window_samples is 160000 =
                          * 10 s, the length it was trained on; any length giving at least one frame works) */
    int sinc_bands;      /* SincNet bands; 2 x sinc_bands filters (cosine and sine halves) (40) */
    int sinc_taps;       /* taps of each SincNet filter, odd (251) */
    int sinc_stride;     /* stride of the SincNet convolution, in samples (10) */
    int conv_channels;   /* channels of the two convolutions after SincNet (60) */
    int conv_kernel;     /* their kernel size (5) */
    int pool;            /* max-pooling size and stride after each of the three convolutions (3) */
    int lstm_hidden;     /* hidden units per direction of each LSTM layer (128) */
    int lstm_layers;     /* bidirectional LSTM layers (4) */
    int linear_hidden;   /* outputs of each linear layer (128) */
    int linear_layers;   /* linear layers with leaky ReLU between the LSTM and the classifier (2; 0 allowed) */
    int classes;         /* powerset classes (7) */
} cdsp_segmentation_config;

/* One weight tensor: where it lives in the weight buffer and what the model file calls it. */
typedef struct cdsp_segmentation_tensor {
    char name[CDSP_SEGMENTATION_NAME_CAPACITY]; /* model section name, e.g. "lstm.l2.reverse.weight_hh" */
    int rank;                                   /* 1...3 */
    int shape[3];                               /* extents in the model file's (PyTorch) order */
    long count;                                 /* product of the shape */
    long offset;                                /* first float in the weight buffer */
    int computed;                               /* 1: not a model-file section; the caller computes it (the
                                                 * SincNet filters "sincnet.filterbank.filters" [2 bands, taps]) */
} cdsp_segmentation_tensor;

/* CDSP_SEGMENTATION_OK if every value is in range and a window gives at least one frame. */
int cdsp_segmentation_check_config(const cdsp_segmentation_config *cfg);

/* Output frames per window (589 for 10 s with the shipped model), or a negative error code. */
int cdsp_segmentation_frames(const cdsp_segmentation_config *cfg);

/* Where frames lie in their window, in samples, as pyannote defines them from the receptive field: frame t
 * covers [start + t * step, start + t * step + duration) (shipped model: start 0, step 270, duration 991). */
int cdsp_segmentation_frame_timing(const cdsp_segmentation_config *cfg, double *start, double *step, double *duration);

/* Number of weight tensors, or a negative error code. */
int cdsp_segmentation_tensor_count(const cdsp_segmentation_config *cfg);

/* Floats in the weight buffer (sum of every tensor's count), or a negative error code. */
long cdsp_segmentation_weight_floats(const cdsp_segmentation_config *cfg);

/* Describes tensor `index` (tensors are numbered in the network's order). */
int cdsp_segmentation_tensor_info(const cdsp_segmentation_config *cfg, int index, cdsp_segmentation_tensor *info);

/* Copies tensor `index` (count floats in row-major order) into its place in the weight buffer
 * (weight_floats = cdsp_segmentation_weight_floats). */
int cdsp_segmentation_store_tensor(const cdsp_segmentation_config *cfg, int index, const float *values, long count,
                                   float *weights, long weight_floats);

/* Floats of workspace cdsp_segmentation_run needs for `batch` windows (shipped model, 10 s windows: about
 * 5 MB plus 1.3 MB per window), or a negative error code. The workspace must be aligned to 8 bytes (64 for
 * speed). */
long cdsp_segmentation_workspace_floats(const cdsp_segmentation_config *cfg, int batch);

/* Multiply-accumulates of the network's convolutions, LSTM and linear layers for `batch` windows (the
 * arithmetic a direct implementation does; for throughput figures), or a negative error code. */
double cdsp_segmentation_macs(const cdsp_segmentation_config *cfg, int batch);

/*
 * Runs the network on `batch` windows. samples: batch x window_samples floats (sample_floats of them),
 * window after window. probabilities receives batch x frames x classes floats (probability_floats >= that):
 * for window b, frame t, class c at (b * frames + t) * classes + c, each frame's values summing to 1.
 * weights: filled by cdsp_segmentation_store_tensor for every tensor. kernels: CDSP_MATRIX_KERNELS_*
 * (cdsp_matrix_kernels.h); the workspace size does not depend on it.
 */
int cdsp_segmentation_run(const cdsp_segmentation_config *cfg, int kernels, const float *weights, long weight_floats,
                          const float *samples, long sample_floats, int batch, float *workspace,
                          long workspace_floats, float *probabilities, long probability_floats);

#endif /* CDSP_SEGMENTATION_H */
