/* ht-window.c: one window per trace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a trace and shows it in its pages; a trace still being written,
 * and the recordings the window runs, are ht-window-live.c's.
 */

#define G_LOG_DOMAIN "ht-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-caller-callee-view.h"
#include "ht-charts-page.h"
#include "ht-compare-window.h"
#include "ht-flame-graph-view.h"
#include "ht-histogram-view.h"
#include "ht-session.h"
#include "ht-summary-view.h"
#include "ht-time-bar.h"
#include "ht-trace-error.h"
#include "ht-trace-follower.h"
#include "ht-tree-view.h"
#include "ht-window-private.h"


enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtWindow, ht_window, ADW_TYPE_APPLICATION_WINDOW)

void
_ht_window_stop_progress (HtWindow *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
}

static gboolean
update_progress_cb (gpointer user_data)
{
  HtWindow *self = user_data;
  double fraction = ht_document_get_load_fraction (self->cancellable);
  g_autofree char *text = g_strdup_printf (_("%.0f %%"), fraction * 100);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, fraction < 1.0 ? text : _("Building call trees…"));
  return G_SOURCE_CONTINUE;
}

static void
show_warning (HtWindow   *self,
              const char *text)
{
  gtk_label_set_text (self->warning_label, text);
  gtk_info_bar_set_revealed (self->warning_bar, TRUE);
}

static void
warning_response_cb (HtWindow   *self,
                     int         response,
                     GtkInfoBar *bar)
{
  gtk_info_bar_set_revealed (bar, FALSE);
}

/* The pages made when first shown or asked for (ht_window_get_view ()):
 * users look at a few of them each time, and every page made at once would
 * cost the window's start its widgets and their styles, twice (libadwaita
 * restyles every window 250 ms after it starts) */
typedef struct
{
  const char  *name;
  GType      (*get_type) (void);
  gboolean     top_down;
} LazyPage;

static const LazyPage lazy_pages[] = {
  { "bottom-up", ht_tree_view_get_type, FALSE },
  { "top-down", ht_tree_view_get_type, TRUE },
  { "caller-callee", ht_caller_callee_view_get_type, FALSE },
  { "flame-graph", ht_flame_graph_view_get_type, FALSE },
  { "charts", ht_charts_page_get_type, FALSE },
  { "histogram", ht_histogram_view_get_type, FALSE },
};

/* The view of the page @name, made and bound to the session if it was not
 * yet; %NULL for no such page */
static GtkWidget *
ensure_view (HtWindow   *self,
             const char *name)
{
  GtkWidget *page = adw_view_stack_get_child_by_name (self->view_stack, name);

  if (!ADW_IS_BIN (page))
    return page;
  for (guint i = 0; i < G_N_ELEMENTS (lazy_pages) && adw_bin_get_child (ADW_BIN (page)) == NULL; i++)
    if (g_str_equal (lazy_pages[i].name, name))
      {
        GType type = lazy_pages[i].get_type ();
        /* "top-down" is a construct-only property of the trees */
        GtkWidget *view = lazy_pages[i].top_down ? g_object_new (type, "top-down", TRUE, NULL)
                                                 : g_object_new (type, NULL);

        g_object_bind_property (self, "session", view, "session", G_BINDING_SYNC_CREATE);
        adw_bin_set_child (ADW_BIN (page), view);
      }
  return adw_bin_get_child (ADW_BIN (page));
}

static void
visible_page_changed_cb (HtWindow *self)
{
  ensure_view (self, adw_view_stack_get_visible_child_name (self->view_stack));
}

/* A top site of the summary: the bottom-up tree, filtered to its function */
static void
summary_function_activated_cb (HtWindow      *self,
                               const char    *function,
                               HtSummaryView *view)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "bottom-up");
  ht_tree_view_search (HT_TREE_VIEW (ensure_view (self, "bottom-up")), function);
}

/* The views follow the session; the window makes a new one for another trace */
/* No trace shown any more (one being written is followed): the views let
 * go of theirs */
void
_ht_window_drop_session (HtWindow *self)
{
  if (self->session == NULL)
    return;
  g_clear_object (&self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
}

void
_ht_window_show_document (HtWindow   *self,
               HtDocument *document)
{
  HtAnalysis *analysis = ht_document_get_analysis (document);
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autofree char *subtitle = NULL;

  if (self->session == NULL || ht_session_get_document (self->session) != document)
    {
      g_clear_object (&self->session);
      self->session = ht_session_new (document);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
    }
  subtitle = analysis->data->attached
             ? g_strdup_printf (_("%s (attached)"), analysis->data->debuggee ? analysis->data->debuggee : "")
             : g_strdup (analysis->data->debuggee ? analysis->data->debuggee : "");

  gtk_window_set_title (GTK_WINDOW (self), basename);
  adw_window_title_set_title (self->window_title, basename);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), subtitle);

  /* what was written so far reads as cut off: the banner says so instead */
  if (self->live)
    {
      g_autofree char *when = ht_chart_format_moment (analysis->runtime > 0 ? analysis->runtime - 1 : 0);
      /* Translators: over the views of a trace still being recorded, e.g. "… up to 12.30 s" */
      g_autofree char *text = g_strdup_printf (_("Recording: figures up to %s, what has been recorded so far"), when);

      gtk_label_set_text (self->live_label, text);
      gtk_info_bar_set_revealed (self->live_bar, TRUE);
    }
  else if (self->ended != NULL)
    {
      /* once, over the trace a recording of this window left: how it ended */
      g_autoptr(GString) text = g_string_new (self->ended);

      if (analysis->warnings->len > 0)
        g_string_append_printf (text, "\n%s", (char *) g_ptr_array_index (analysis->warnings, 0));
      gtk_info_bar_set_message_type (self->warning_bar,
                                     analysis->warnings->len > 0 ? GTK_MESSAGE_WARNING : GTK_MESSAGE_INFO);
      show_warning (self, text->str);
      g_clear_pointer (&self->ended, g_free);
    }
  else if (analysis->warnings->len > 0)
    {
      gtk_info_bar_set_message_type (self->warning_bar, GTK_MESSAGE_WARNING);
      show_warning (self, g_ptr_array_index (analysis->warnings, 0));
    }
  gtk_stack_set_visible_child_name (self->main_stack, "content");
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", TRUE);
}

/* The model's messages name the file, the line and the problem in English,
 * as heaptrack-gtk-print prints them; the page's title says it in the
 * user's language. */
static const char *
error_title (const GError *error)
{
  if (error->domain == HT_TRACE_ERROR)
    switch ((HtTraceError) error->code)
      {
      case HT_TRACE_ERROR_BAD_MAGIC:
        return _("Not a Heaptrack Trace");
      case HT_TRACE_ERROR_RAW_TRACE:
        return _("Trace Not Symbolized Yet");
      case HT_TRACE_ERROR_UNSUPPORTED_VERSION:
        return _("Trace Made by a Newer Version");
      case HT_TRACE_ERROR_CORRUPT:
      case HT_TRACE_ERROR_BAD_INDEX:
      case HT_TRACE_ERROR_DECOMPRESS:
      case HT_TRACE_ERROR_LINE_TOO_LONG:
        return _("Damaged Trace");
      default:
        break;
      }
  return _("Cannot Open Trace");
}

/* A cancelled load: back to the trace shown before, or to the start page */
static void
show_previous (HtWindow *self)
{
  HtDocument *document = ht_window_get_document (self);

  if (document == NULL)
    {
      g_clear_object (&self->file);
      gtk_window_set_title (GTK_WINDOW (self), _("Heaptrack"));
      gtk_stack_set_visible_child_name (self->main_stack, "start");
      return;
    }
  g_set_object (&self->file, ht_document_get_file (document));
  _ht_window_show_document (self, document);
}

void
_ht_window_show_error_page (HtWindow   *self,
                 const char *title,
                 const char *message)
{
  /* the description is markup; a file name may hold '&' or '<' */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_widget_set_visible (self->error_record_button, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
show_error (HtWindow     *self,
            const GError *error)
{
  _ht_window_show_error_page (self, error_title (error), error->message);
}

static void
add_to_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  /* without a name the entry could not be told from other programs' */
  if (g_get_application_name () != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtDocument) document = ht_document_load_finish (result, &error);

  /* a load replaced by a newer one, or a window closed meanwhile */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable || self->main_stack == NULL)
    return;

  _ht_window_stop_progress (self);
  g_clear_object (&self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_previous (self);
  else if (document == NULL)
    show_error (self, error);
  else
    {
      add_to_recent (self->file);
      _ht_window_show_document (self, document);
    }
}

/* Reads @file in a worker thread, as it is now */
void
_ht_window_open_document (HtWindow *self,
               GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *description = g_file_get_parse_name (file);

  _ht_window_stop_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->file, file);
  self->cancellable = g_cancellable_new ();

  gtk_info_bar_set_revealed (self->warning_bar, FALSE);
  {
    g_autofree char *escaped = g_markup_escape_text (description, -1);
    adw_status_page_set_description (self->loading_page, escaped);
  }
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_window_set_title (GTK_WINDOW (self), name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", TRUE);

  _ht_window_stop_progress (self);
  self->progress_source = g_timeout_add (100, update_progress_cb, self);
  ht_document_load_async (file, self->cancellable, load_cb, g_object_ref (self));
}

/**
 * ht_window_open:
 *
 * Reads @file in a worker thread; the window shows the progress and stays
 * responsive, and the load can be cancelled. A trace that a recorder is
 * still writing is followed instead (ht_window_follow ()).
 */
void
ht_window_open (HtWindow *self,
                GFile    *file)
{
  g_return_if_fail (HT_IS_WINDOW (self));

  if (g_file_peek_path (file) != NULL && ht_trace_is_being_written (g_file_peek_path (file)))
    ht_window_follow (self, file);
  else
    _ht_window_open_document (self, file);
}

GFile *
ht_window_get_file (HtWindow *self)
{
  return self->file;
}

/* The document shown, %NULL before one is */
HtDocument *
ht_window_get_document (HtWindow *self)
{
  return self->session ? ht_session_get_document (self->session) : NULL;
}

/* What the views of the trace shown share, %NULL before one is shown */
HtSession *
ht_window_get_session (HtWindow *self)
{
  g_return_val_if_fail (HT_IS_WINDOW (self), NULL);

  return self->session;
}

/* "start", "loading", "error", "live" (a trace being written) or "content" */
const char *
ht_window_get_state (HtWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
ht_window_show_view (HtWindow   *self,
                     const char *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* The warning shown above the views, %NULL if none */
const char *
ht_window_get_warning (HtWindow *self)
{
  if (!gtk_info_bar_get_revealed (self->warning_bar))
    return NULL;
  return gtk_label_get_text (self->warning_label);
}

/* The view of a page: "summary", "bottom-up", "top-down", ...; made if it
 * was not yet */
GtkWidget *
ht_window_get_view (HtWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (HT_IS_WINDOW (self), NULL);

  return ensure_view (self, name);
}

/* Where a trace chosen or dropped, or a new recording, goes: a window that
 * shows a trace (or follows one) keeps it, the new one gets its own */
HtWindow *
_ht_window_free_window (HtWindow *self)
{
  HtWindow *window;

  if (self->session == NULL && self->cancellable == NULL && !self->live)
    return self;
  window = ht_window_new (gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
open_file (HtWindow *self,
           GFile    *file)
{
  ht_window_open (_ht_window_free_window (self), file);
}

/* Every comparison gets a window of its own */
static void
show_comparison (HtWindow     *self,
                 HtComparison *comparison)
{
  HtCompareWindow *window = ht_compare_window_new (gtk_window_get_application (GTK_WINDOW (self)));

  ht_compare_window_load (window, comparison);
  gtk_window_present (GTK_WINDOW (window));
}

static void
chooser_response_cb (HtWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      open_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  g_autoptr(GtkFileFilter) traces = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (traces, _("Heaptrack Traces"));
  gtk_file_filter_add_mime_type (traces, "application/x-heaptrack");
  gtk_file_filter_add_pattern (traces, "heaptrack.*");
  gtk_file_filter_add_pattern (traces, "*.zst");
  gtk_file_filter_add_pattern (traces, "*.gz");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Open Trace"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), traces);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The chosen trace is the base (A) and the trace shown B: what changed
 * since then, in a window of its own */
static void
compare_response_cb (HtWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  HtDocument *document = ht_window_get_document (self);

  if (response == GTK_RESPONSE_ACCEPT && document != NULL)
    {
      g_autoptr(GFile) base = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(HtComparison) comparison = ht_comparison_new (base, ht_document_get_file (document));

      show_comparison (self, comparison);
    }
  g_clear_object (&self->chooser);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (self->chooser != NULL || ht_window_get_document (self) == NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose the Trace to Compare With"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Compare"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (compare_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
filter_to_selection_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (self->session != NULL)
    ht_session_filter_to_selection (self->session);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (self->session != NULL)
    ht_session_clear_selection (self->session);
}

static void
show_whole_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (self->session != NULL)
    ht_session_show_whole (self->session);
}

/* The charts ask for the heap at a time they show, in ms */
static void
heap_at_instant_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  /* from the live charts: in what has been written so far, once read */
  if (self->live && g_strcmp0 (ht_window_get_state (self), "live") == 0)
    {
      self->instant_pending = TRUE;
      self->pending_instant = g_variant_get_uint64 (parameter);
      gtk_widget_activate_action (widget, "win.live-update", NULL);
    }
  else if (self->session != NULL)
    ht_session_show_instant (self->session, g_variant_get_uint64 (parameter));
}

/* What grew over the selected time: the heap at its start (A) and at its
 * end (B) of the trace shown, compared in a window of their own */
static void
compare_selection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  g_autoptr(HtComparison) comparison = NULL;

  if (self->session == NULL || !ht_session_get_has_selection (self->session))
    return;
  comparison = ht_comparison_new_moments (ht_document_get_file (ht_session_get_document (self->session)),
                                          ht_session_get_selection_start (self->session),
                                          ht_session_get_selection_end (self->session));
  show_comparison (self, comparison);
}

/* Views that lead to another one ("show in the trees") go through here */
static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *view = ensure_view (self, name);

  if (view == NULL)
    return;
  ht_window_show_view (self, name);
  /* shown (so loaded) first: the tree opens to the function that led here */
  if (HT_IS_TREE_VIEW (view))
    ht_tree_view_show_selected_function (HT_TREE_VIEW (view));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (ht_window_get_state (self), "content") != 0)
    return;
  if (g_strcmp0 (view, "top-down") == 0)
    ht_tree_view_search (HT_TREE_VIEW (ensure_view (self, view)), NULL);
  else if (g_strcmp0 (view, "flame-graph") == 0)
    ht_flame_graph_view_search (HT_FLAME_GRAPH_VIEW (ensure_view (self, view)), NULL);
  else
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "bottom-up");
      ht_tree_view_search (HT_TREE_VIEW (ensure_view (self, "bottom-up")), NULL);
    }
}

/* "open": the dropped trace in a window of its own; "compare": the trace
 * shown is the base (A), the dropped one B */
static void
drop_response_cb (HtWindow         *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");
  HtDocument *document = ht_window_get_document (self);

  if (g_strcmp0 (response, "open") == 0)
    open_file (self, file);
  else if (g_strcmp0 (response, "compare") == 0 && document != NULL)
    {
      g_autoptr(HtComparison) comparison = ht_comparison_new (ht_document_get_file (document), file);

      show_comparison (self, comparison);
    }
}

/**
 * ht_window_drop_file:
 *
 * A trace dropped on the window: opened here when the window shows none;
 * otherwise a dialog asks whether to open it in a window of its own or to
 * compare it with the trace shown, the base.
 */
void
ht_window_drop_file (HtWindow *self,
                     GFile    *file)
{
  g_autofree char *dropped = g_file_get_basename (file);
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  HtDocument *document = ht_window_get_document (self);
  GtkWidget *dialog;

  g_return_if_fail (HT_IS_WINDOW (self));

  if (document == NULL)
    {
      ht_window_open (self, file);
      return;
    }
  shown = g_file_get_basename (ht_document_get_file (document));
  /* Translators: asked when a trace is dropped on a window that shows one */
  body = g_strdup_printf (_("Open “%s” in a window of its own, or compare it with “%s”, the trace shown "
                            "here, which becomes the base?"), dropped, shown);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open or Compare?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    "compare", _("_Compare with the Open Trace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "compare",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "compare");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (drop_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A file manager drops a list of files, other programs may drop one file;
 * the first trace counts */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HtWindow      *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  else if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) && g_value_get_boxed (value) != NULL)
    file = ((GSList *) g_value_get_boxed (value))->data;
  if (file == NULL)
    return FALSE;
  ht_window_drop_file (self, file);
  return TRUE;
}

static void
recent_activated_cb (HtWindow      *self,
                     GtkListBoxRow *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  ht_window_open (self, file);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *x = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *y = gtk_recent_info_get_modified ((GtkRecentInfo *) b);

  return g_date_time_compare (y, x);
}

/* The traces opened before, newest first */
static void
fill_recent (HtWindow *self)
{
  const char *app_name = g_get_application_name ();
  GList *items;
  guint shown = 0;

  /* without a name there is no telling our entries from others' */
  if (app_name == NULL)
    return;
  items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());

  items = g_list_sort (items, compare_recent);
  for (GList *l = items; l != NULL && shown < 5; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autofree char *where = NULL;
      GtkWidget *row;

      if (!gtk_recent_info_has_application (info, app_name) || !gtk_recent_info_exists (info))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
      where = gtk_recent_info_get_uri_display (info);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (gtk_recent_info_get_uri (info)), g_free);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
ht_window_dispose (GObject *object)
{
  HtWindow *self = (HtWindow *) object;

  _ht_window_stop_progress (self);
  g_clear_handle_id (&self->close_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  /* once: the template's children are gone after the first dispose */
  if (self->main_stack != NULL)
    _ht_window_stop_live (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_WINDOW);
  self->live_view = NULL;   /* went with main_stack */
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chooser);
  g_clear_object (&self->session);
  g_clear_object (&self->file);
  g_clear_pointer (&self->ended, g_free);

  G_OBJECT_CLASS (ht_window_parent_class)->dispose (object);
}

static void
ht_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HtWindow *self = HT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_window_class_init (HtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_window_dispose;
  object_class->get_property = ht_window_get_property;

  /* the views bind to it in ht-window.ui */
  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         HT_TYPE_SESSION,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_SUMMARY_VIEW);
  g_type_ensure (HT_TYPE_TIME_BAR);
  g_type_ensure (HT_TYPE_LIVE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heaptrackgtk/HeaptrackGtk/ht-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HtWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, warning_bar);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, warning_label);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, record_buttons);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, error_record_button);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, record_unavailable_label);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, live_bar);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, live_label);
  gtk_widget_class_bind_template_child (widget_class, HtWindow, auto_update_switch);
  gtk_widget_class_bind_template_callback (widget_class, warning_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, summary_function_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.filter-to-selection", NULL, filter_to_selection_action);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "win.show-whole", NULL, show_whole_action);
  gtk_widget_class_install_action (widget_class, "win.heap-at-instant", "t", heap_at_instant_action);
  gtk_widget_class_install_action (widget_class, "win.compare-selection", NULL, compare_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  _ht_window_live_class_init (klass);
}

static void
ht_window_init (HtWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (visible_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", FALSE);
  _ht_window_live_init (self);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  fill_recent (self);
}

HtWindow *
ht_window_new (GtkApplication *application)
{
  return g_object_new (HT_TYPE_WINDOW, "application", application, NULL);
}
