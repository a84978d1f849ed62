/* ht-window-private.h: what the rooms of the window share
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ht-window.c opens traces and shows them; ht-window-live.c follows a
 * trace being written and runs recordings (Record…, Attach…, --follow).
 */

#pragma once

#include "ht-live-view.h"
#include "ht-recorder-process.h"
#include "ht-window.h"

G_BEGIN_DECLS

struct _HtWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkWidget            *switcher_bar;
  GtkInfoBar           *warning_bar;
  GtkLabel             *warning_label;
  GtkStack             *main_stack;
  GtkListBox           *recent_list;
  GtkWidget            *record_buttons;
  GtkWidget            *error_record_button;
  GtkLabel             *record_unavailable_label;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  HtLiveView           *live_view;   /* the "live" page, made when first needed */
  GtkInfoBar           *live_bar;
  GtkLabel             *live_label;
  GtkSwitch            *auto_update_switch;

  /* Owned references */
  GFile                *file;
  HtSession            *session;          /* of the trace shown, NULL before one is */
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 progress_source;

  /* A trace being written ("live" page), shown as it grows */
  gboolean              live;             /* until the writer is done */
  HtRecorderProcess    *recorder;         /* the recording this window started, or NULL */
  GCancellable         *snapshot_cancellable; /* of the reading of what was written so far */
  gint64                snapshot_start;   /* µs, monotonic */
  gint64                snapshot_time;    /* µs the last one took */
  guint                 auto_update_source;
  gboolean              instant_pending;  /* the live charts asked for the heap at ... */
  guint64               pending_instant;  /* ... this ms, shown once read */
  gboolean              closing;          /* "Stop and Close" was chosen */
  guint                 close_source;     /* closes the window if the recorder takes long */
  guint                 next_program_source; /* asks the launcher again where a program went on */
  char                 *ended;            /* how this window's recording ended, to say over its trace */
};

/* ht-window.c */
void      _ht_window_stop_progress    (HtWindow     *self);
void      _ht_window_drop_session     (HtWindow     *self);
void      _ht_window_show_document    (HtWindow     *self,
                                       HtDocument   *document);
void      _ht_window_show_error_page  (HtWindow     *self,
                                       const char   *title,
                                       const char   *message);
void      _ht_window_open_document    (HtWindow     *self,
                                       GFile        *file);
HtWindow *_ht_window_free_window      (HtWindow     *self);

/* ht-window-live.c */
void      _ht_window_live_class_init  (HtWindowClass *klass);
void      _ht_window_live_init        (HtWindow     *self);
void      _ht_window_stop_live        (HtWindow     *self);

G_END_DECLS
