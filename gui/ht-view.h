/* ht-view.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ht-session.h"

G_BEGIN_DECLS

#define HT_TYPE_VIEW (ht_view_get_type ())

/* A view of a trace: it shows what its session holds and follows it. */
G_DECLARE_DERIVABLE_TYPE (HtView, ht_view, HT, VIEW, GtkWidget)

struct _HtViewClass
{
  GtkWidgetClass parent_class;

  /* Shows the session's view document (ht_view_get_document ()): the
   * first time the view is shown after its session was set or the view
   * document changed, so that a trace opens without waiting for views not
   * looked at. */
  void (*load)   (HtView *self);
  /* Lets go of all it showed of the session before */
  void (*unload) (HtView *self);
};

HtSession    *ht_view_get_session         (HtView    *self);
void          ht_view_set_session         (HtView    *self,
                                           HtSession *session);
GSignalGroup *ht_view_get_session_signals (HtView    *self);
HtDocument   *ht_view_get_document        (HtView    *self);

G_END_DECLS
