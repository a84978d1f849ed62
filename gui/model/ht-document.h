/* ht-document.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-analysis.h"
#include "ht-call-tree.h"

G_BEGIN_DECLS

#define HT_TYPE_DOCUMENT (ht_document_get_type ())

/* An opened trace: the analysis and its trees, shared by the views. */
G_DECLARE_FINAL_TYPE (HtDocument, ht_document, HT, DOCUMENT, GObject)

void            ht_document_load_async        (GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void            ht_document_prefetch          (GFile                *file);
void            ht_document_drop_prefetch     (void);
HtDocument     *ht_document_load_finish       (GAsyncResult         *result,
                                               GError              **error);
HtDocument     *ht_document_load              (GFile                *file,
                                               GCancellable         *cancellable,
                                               GError              **error);
void            ht_document_load_part_async   (HtDocument           *self,
                                               guint64               start,
                                               guint64               end,
                                               gboolean              live_at,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
HtDocument     *ht_document_load_part_finish  (HtDocument           *self,
                                               GAsyncResult         *result,
                                               GError              **error);
double          ht_document_get_load_fraction (GCancellable         *cancellable);
GFile          *ht_document_get_file          (HtDocument           *self);
HtAnalysis     *ht_document_get_analysis      (HtDocument           *self);
HtCallTree     *ht_document_get_bottom_up     (HtDocument           *self);
HtCallTree     *ht_document_get_top_down      (HtDocument           *self);
HtCallerCallee *ht_document_get_caller_callee (HtDocument           *self);

G_END_DECLS
