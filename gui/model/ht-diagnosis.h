/* ht-diagnosis.h: what a trace lacks, said plainly
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-analysis.h"

G_BEGIN_DECLS

/* A module whose frames have no function names. */
typedef struct
{
  char   *module;       /* as the trace names it */
  guint   n_frames;     /* distinct addresses without a name */
  gint64  allocations;  /* calls whose stacks pass through them */
} HtUnsymbolizedModule;

GPtrArray *ht_diagnosis_unsymbolized_modules (HtAnalysis *analysis);
char      *ht_diagnosis_symbols_advice       (GPtrArray  *modules,
                                              guint       max_named);
char      *ht_diagnosis_allocator_bypassed   (HtAnalysis *analysis);

G_END_DECLS
