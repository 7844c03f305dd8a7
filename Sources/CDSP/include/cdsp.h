/*
 * cdsp.h - the C hot loops of bechdelcli, behind one small header.
 *
 * Rules for everything declared here:
 *  - every buffer comes with its size; the caller (Swift) owns all memory;
 *  - no hidden global state: plans and tables live in explicit structs created once and reused;
 *  - no allocation and no I/O inside per-frame loops;
 *  - functions that only read shared tables are safe to call from several threads at once,
 *    each thread passing its own scratch buffers.
 */
#ifndef CDSP_H
#define CDSP_H

/* Bumped whenever a declaration below changes meaning. */
#define CDSP_API_VERSION 1

int cdsp_api_version(void);

#include "cdsp_gmm.h"
#include "cdsp_decimate.h"
#include "cdsp_frontend.h"
#include "cdsp_pitch.h"
#include "cdsp_matrix_kernels.h"
#include "cdsp_campplus.h"
#include "cdsp_segmentation.h"

#endif /* CDSP_H */
