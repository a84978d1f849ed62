/* ht-time-bar.c: which part of the run the views show, and the way back
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown above the views whenever they do not simply show the whole run: a
 * time range is selected (in a chart), the views are filtered to one, they
 * show the heap at an instant, or the session is making one of those. Its
 * buttons are the window's actions.
 */

#define G_LOG_DOMAIN "ht-time-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-summary.h"
#include "ht-time-bar.h"

struct _HtTimeBar
{
  HtView       parent_instance;

  char        *failure;   /* why the last part could not be made, until the next */

  /* Template widgets */
  GtkRevealer *revealer;
  GtkSpinner  *spinner;
  GtkLabel    *label;
  GtkWidget   *filter_button;
  GtkWidget   *clear_button;
  GtkWidget   *whole_button;
};

G_DEFINE_FINAL_TYPE (HtTimeBar, ht_time_bar, HT_TYPE_VIEW)

/* "1.250 s": ms as the charts' tooltips give them */
static char *
format_time (guint64 ms)
{
  return g_strdup_printf (_("%.3f s"), ms / 1000.0);
}

static char *
range_text (guint64 start,
            guint64 end)
{
  g_autofree char *from = format_time (start);
  g_autofree char *to = format_time (end);

  /* Translators: a time range, "1.200 s – 2.500 s" */
  return g_strdup_printf (_("%s – %s"), from, to);
}

static void
update (HtTimeBar *self)
{
  HtSession *session = ht_view_get_session (HT_VIEW (self));
  HtDocument *shown = session ? ht_session_get_view_document (session) : NULL;
  HtAnalysis *analysis = shown ? ht_document_get_analysis (shown) : NULL;
  gboolean loading = session && ht_session_get_loading (session);
  gboolean selected = session && ht_session_get_has_selection (session);
  gboolean part = analysis && analysis->windowed;
  /* the views show the selection already */
  gboolean filtered = part && !analysis->live_at
                      && analysis->min_time == ht_session_get_selection_start (session)
                      && analysis->max_time == ht_session_get_selection_end (session);
  g_autofree char *text = NULL;

  g_assert (HT_IS_TIME_BAR (self));

  if (loading)
    g_clear_pointer (&self->failure, g_free);
  if (loading)
    text = g_strdup (_("Analysing that part of the run…"));
  else if (self->failure != NULL)
    text = g_strdup_printf (_("That part of the run could not be analysed: %s"), self->failure);
  else if (part && analysis->live_at)
    {
      g_autofree char *at = format_time (analysis->max_time);
      g_autofree char *live = ht_format_size (analysis->total.leaked);

      text = g_strdup_printf (_("Heap at %s: %s live"), at, live);
    }
  else if (part)
    {
      g_autofree char *range = range_text (analysis->min_time, MIN (analysis->max_time, analysis->runtime));
      g_autofree char *run = format_time (ht_document_get_analysis (ht_session_get_document (session))->runtime);

      text = g_strdup_printf (_("Showing %s of the %s run"), range, run);
    }
  else if (selected)
    {
      g_autofree char *range = range_text (ht_session_get_selection_start (session),
                                           ht_session_get_selection_end (session));

      text = g_strdup_printf (_("Selected %s"), range);
    }

  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_label_set_text (self->label, text ? text : "");
  gtk_widget_set_visible (self->filter_button, selected && !loading && !filtered);
  gtk_widget_set_visible (self->clear_button, selected && !loading && !part);
  gtk_widget_set_visible (self->whole_button, part || loading);
  gtk_revealer_set_reveal_child (self->revealer, text != NULL);
}

static void
session_changed_cb (HtTimeBar *self)
{
  update (self);
}

static void
load_failed_cb (HtTimeBar    *self,
                const GError *error)
{
  g_free (self->failure);
  self->failure = g_strdup (error->message);
  update (self);
}

static void
ht_time_bar_load (HtView *view)
{
  update (HT_TIME_BAR (view));
}

static void
ht_time_bar_unload (HtView *view)
{
  HtTimeBar *self = HT_TIME_BAR (view);

  g_clear_pointer (&self->failure, g_free);
  update (self);
}

static void
ht_time_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HT_TYPE_TIME_BAR);

  G_OBJECT_CLASS (ht_time_bar_parent_class)->dispose (object);
}

static void
ht_time_bar_finalize (GObject *object)
{
  HtTimeBar *self = (HtTimeBar *) object;

  g_free (self->failure);

  G_OBJECT_CLASS (ht_time_bar_parent_class)->finalize (object);
}

static void
ht_time_bar_class_init (HtTimeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtViewClass *view_class = HT_VIEW_CLASS (klass);

  object_class->dispose = ht_time_bar_dispose;
  object_class->finalize = ht_time_bar_finalize;

  view_class->load = ht_time_bar_load;
  view_class->unload = ht_time_bar_unload;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heaptrackgtk/HeaptrackGtk/ht-time-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, HtTimeBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, HtTimeBar, spinner);
  gtk_widget_class_bind_template_child (widget_class, HtTimeBar, label);
  gtk_widget_class_bind_template_child (widget_class, HtTimeBar, filter_button);
  gtk_widget_class_bind_template_child (widget_class, HtTimeBar, clear_button);
  gtk_widget_class_bind_template_child (widget_class, HtTimeBar, whole_button);
}

static void
ht_time_bar_init (HtTimeBar *self)
{
  GSignalGroup *signals;

  gtk_widget_init_template (GTK_WIDGET (self));

  signals = ht_view_get_session_signals (HT_VIEW (self));
  g_signal_group_connect_object (signals, "notify::has-selection", G_CALLBACK (session_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (signals, "notify::selection-start", G_CALLBACK (session_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (signals, "notify::selection-end", G_CALLBACK (session_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (signals, "notify::loading", G_CALLBACK (session_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (signals, "load-failed", G_CALLBACK (load_failed_cb),
                                 self, G_CONNECT_SWAPPED);
}

/* What the bar says, "" when it is hidden */
const char *
ht_time_bar_get_text (HtTimeBar *self)
{
  g_return_val_if_fail (HT_IS_TIME_BAR (self), NULL);

  return gtk_label_get_text (self->label);
}
