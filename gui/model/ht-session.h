/* ht-session.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ht-call-tree.h"
#include "ht-document.h"
#include "ht-report.h"

G_BEGIN_DECLS

#define HT_TYPE_SESSION (ht_session_get_type ())

/* No function selected: the value of HtSession:selected-function */
#define HT_SESSION_NO_FUNCTION G_MAXUINT

/* What the views of one open trace share; they bind to its properties. */
G_DECLARE_FINAL_TYPE (HtSession, ht_session, HT, SESSION, GObject)

HtSession  *ht_session_new                   (HtDocument         *document);
HtDocument *ht_session_get_document          (HtSession          *self);
HtDocument *ht_session_get_view_document     (HtSession          *self);
void        ht_session_set_view_document     (HtSession          *self,
                                              HtDocument         *view_document);
gboolean    ht_session_get_loading           (HtSession          *self);
void        ht_session_filter_to_selection   (HtSession          *self);
void        ht_session_show_instant          (HtSession          *self,
                                              guint64             time);
void        ht_session_show_whole            (HtSession          *self);
HtCostType  ht_session_get_cost_type         (HtSession          *self);
void        ht_session_set_cost_type         (HtSession          *self,
                                              HtCostType          cost_type);
gboolean    ht_session_get_has_selection     (HtSession          *self);
guint64     ht_session_get_selection_start   (HtSession          *self);
guint64     ht_session_get_selection_end     (HtSession          *self);
void        ht_session_select_time           (HtSession          *self,
                                              guint64             start,
                                              guint64             end);
void        ht_session_clear_selection       (HtSession          *self);
guint       ht_session_get_selected_function (HtSession          *self);
void        ht_session_set_selected_function (HtSession          *self,
                                              guint               function);
gboolean    ht_session_select_symbol         (HtSession          *self,
                                              const HtCallSymbol *symbol);

G_END_DECLS
