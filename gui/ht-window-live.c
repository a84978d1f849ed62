/* ht-window-live.c: the window while a trace is being written
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "live" page: a trace someone is writing (--follow, File→Open of a
 * locked trace) or a recording this window runs (Record…, Attach…), shown
 * as it grows; Update shows what was written so far in the other pages;
 * the program is followed through its execs; when the writer is done the
 * whole trace opens as any does. Closing the window while it records asks
 * first.
 */

#define G_LOG_DOMAIN "ht-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-attach-dialog.h"
#include "ht-chart.h"
#include "ht-record-dialog.h"
#include "ht-trace-follower.h"
#include "ht-window-private.h"

/* what closing the window does when no recording asks first */
static gboolean (*parent_close_request) (GtkWindow *window);

/* A recording that left no trace: the launcher's words, and the last lines
 * the program printed (a loader's complaint, say) besides the launcher's
 * own, which repeat the message */
static void
show_record_error (HtWindow   *self,
                   const char *message,
                   const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output != NULL ? output : "", "\n", -1);
  g_autoptr(GString) text = g_string_new (message);
  guint n = g_strv_length (lines);
  guint shown = 0;
  guint first = n;

  /* the last eight lines of the program's own */
  while (first > 0 && shown < 8)
    {
      const char *line = lines[--first];

      if (line[0] != '\0' && !g_str_has_prefix (line, "heaptrack-gtk-record:"))
        shown++;
    }
  if (shown > 0)
    {
      g_string_append_printf (text, "\n\n%s", _("The program's output:"));
      for (guint i = first; i < n; i++)
        if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "heaptrack-gtk-record:"))
          g_string_append_printf (text, "\n%s", lines[i]);
    }
  _ht_window_show_error_page (self, _("Cannot Record"), text->str);
  gtk_widget_set_visible (self->error_record_button, TRUE);
}

/* The end of live mode: no more following, reading or updating; the
 * recorder, if any, is done or is let go. When the writer is done, the
 * whole trace opens as any does (_ht_window_open_document ()). */
void
_ht_window_stop_live (HtWindow *self)
{
  if (self->snapshot_cancellable != NULL)
    g_cancellable_cancel (self->snapshot_cancellable);
  g_clear_object (&self->snapshot_cancellable);
  g_clear_handle_id (&self->auto_update_source, g_source_remove);
  g_clear_handle_id (&self->next_program_source, g_source_remove);
  gtk_info_bar_set_revealed (self->live_bar, FALSE);
  gtk_switch_set_active (self->auto_update_switch, FALSE);
  if (self->live_view != NULL)
    {
      ht_live_view_set_recorder (self->live_view, NULL);
      ht_live_view_set_path (self->live_view, NULL);
    }
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_clear_object (&self->recorder);
  self->live = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.live-update", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.live-view", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-following", FALSE);
}

static void live_done_cb (HtWindow *self, GParamSpec *pspec, HtLiveView *view);
static void live_path_cb (HtWindow *self, GParamSpec *pspec, HtLiveView *view);

/* Most windows never follow a recording: the live page, its charts among
 * them, is made the first time one does, not with every window */
static void
ensure_live_view (HtWindow *self)
{
  if (self->live_view != NULL)
    return;
  self->live_view = g_object_new (HT_TYPE_LIVE_VIEW, NULL);
  g_signal_connect_object (self->live_view, "notify::done", G_CALLBACK (live_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live_view, "notify::path", G_CALLBACK (live_path_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->live_view), "live");
}

/* The live page, in place of whatever the window showed */
static void
start_live (HtWindow          *self,
            GFile             *file,
            HtRecorderProcess *recorder)
{
  _ht_window_stop_live (self);
  _ht_window_stop_progress (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", FALSE);
  _ht_window_drop_session (self);

  ensure_live_view (self);
  self->live = TRUE;
  self->recorder = recorder != NULL ? g_object_ref (recorder) : NULL;
  g_set_object (&self->file, file);
  if (recorder != NULL)
    ht_live_view_set_recorder (self->live_view, recorder);
  else
    ht_live_view_set_path (self->live_view, g_file_peek_path (file));

  gtk_info_bar_set_revealed (self->warning_bar, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.live-update", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.live-view", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-following", recorder == NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "live");
}

/**
 * ht_window_follow:
 * @file: a trace that is being written, or will be: the window waits for it
 *
 * Shows @file as it grows (the "live" page); once its writer is done, the
 * whole trace opens as ht_window_open () opens it.
 */
void
ht_window_follow (HtWindow *self,
                  GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);

  g_return_if_fail (HT_IS_WINDOW (self));
  g_return_if_fail (g_file_peek_path (file) != NULL);

  start_live (self, file, NULL);
  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, _("Being written"));
}

static void
recorder_state_cb (HtWindow          *self,
                   GParamSpec        *pspec,
                   HtRecorderProcess *recorder)
{
  HtRecorderState state = ht_recorder_process_get_state (recorder);
  GPtrArray *traces = ht_recorder_process_get_traces (recorder);

  if (self->closing && (state == HT_RECORDER_STATE_FINISHED || state == HT_RECORDER_STATE_FAILED))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  /* nothing recorded: the error page says why. What a failure did write
   * (a recorder killed halfway) opens as any trace, its warning saying it
   * is truncated */
  if (state == HT_RECORDER_STATE_FAILED && (traces == NULL || traces->len == 0))
    {
      /* stopping the live view lets go of the recorder */
      g_autofree char *message = g_strdup (ht_recorder_process_get_message (recorder));
      g_autofree char *output = g_strdup (ht_recorder_process_get_output (recorder));

      _ht_window_stop_live (self);
      adw_window_title_set_subtitle (self->window_title, _("Recording failed"));
      show_record_error (self, message, output);
      return;
    }
  if ((state == HT_RECORDER_STATE_FINISHED || state == HT_RECORDER_STATE_FAILED)
      && traces != NULL && traces->len > 0)
    {
      const char *log = ht_recorder_process_get_log_path (recorder);
      g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (traces, 0));
      /* Translators: over a trace just recorded: the command line, how the
       * program ended ("exited with status 0") */
      g_autofree char *how = g_strdup_printf (_("“%s” %s."), ht_recorder_process_get_command_line (recorder),
                                              ht_recorder_process_get_message (recorder));

      g_free (self->ended);
      if (log != NULL)
        {
          /* Translators: after how a recorded program ended: where its output went */
          g_autofree char *saved = g_strdup_printf (_("Its output is saved in %s."), log);

          self->ended = g_strconcat (how, " ", saved, NULL);
        }
      else
        self->ended = g_steal_pointer (&how);
      _ht_window_open_document (self, file);
    }
}

/**
 * ht_window_record:
 * @recorder: a recording not started yet
 *
 * Starts @recorder and shows its trace as it grows, following the program
 * through its execs; the trace opens when the recording ends. A recorder
 * that cannot start shows its message on the error page.
 */
void
ht_window_record (HtWindow          *self,
                  HtRecorderProcess *recorder)
{
  g_autoptr(GError) error = NULL;
  const char *command_line;

  g_return_if_fail (HT_IS_WINDOW (self));
  g_return_if_fail (HT_IS_RECORDER_PROCESS (recorder));

  if (!ht_recorder_process_start (recorder, &error))
    {
      _ht_window_stop_live (self);
      show_record_error (self, error->message, NULL);
      return;
    }
  start_live (self, NULL, recorder);
  g_signal_connect_object (recorder, "notify::state", G_CALLBACK (recorder_state_cb), self, G_CONNECT_SWAPPED);
  command_line = ht_recorder_process_get_command_line (recorder);
  gtk_window_set_title (GTK_WINDOW (self), command_line);
  adw_window_title_set_title (self->window_title, command_line);
  adw_window_title_set_subtitle (self->window_title, _("Recording"));
}

/* Whether this window's recording runs: closing it would end it */
gboolean
ht_window_is_recording (HtWindow *self)
{
  HtRecorderState state;

  g_return_val_if_fail (HT_IS_WINDOW (self), FALSE);

  if (self->recorder == NULL)
    return FALSE;
  state = ht_recorder_process_get_state (self->recorder);
  return state == HT_RECORDER_STATE_STARTING || state == HT_RECORDER_STATE_RUNNING;
}

/* The live view follows a new trace: the program exec'ed */
static void
live_path_cb (HtWindow   *self,
              GParamSpec *pspec,
              HtLiveView *view)
{
  const char *path = ht_live_view_get_path (view);

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_set_object (&self->file, file);
    }
}

static gboolean next_program_cb (gpointer user_data);

/* Someone else's recording of this trace is done (its lock is gone): the
 * program ended, or went on in another trace after an exec, which the
 * view then follows, as a recording of this window does */
static void
follow_next_program (HtWindow *self)
{
  g_autofree char *next = NULL;
  gboolean wait;

  next = ht_trace_next_program (g_file_peek_path (self->file), &wait);
  if (next != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (next);
      g_autofree char *name = g_file_get_basename (file);

      gtk_window_set_title (GTK_WINDOW (self), name);
      adw_window_title_set_title (self->window_title, name);
      ht_live_view_set_path (self->live_view, next);
    }
  else if (wait)
    self->next_program_source = g_timeout_add (100, next_program_cb, self);
  else
    _ht_window_open_document (self, self->file);
}

static gboolean
next_program_cb (gpointer user_data)
{
  HtWindow *self = user_data;

  self->next_program_source = 0;
  follow_next_program (self);
  return G_SOURCE_REMOVE;
}

static void
live_done_cb (HtWindow   *self,
              GParamSpec *pspec,
              HtLiveView *view)
{
  if (self->live && self->recorder == NULL && ht_live_view_get_done (view) && self->next_program_source == 0)
    follow_next_program (self);
}

static void schedule_auto_update (HtWindow *self);

static void
snapshot_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HtDocument) document = ht_document_load_finish (result, &error);

  /* the writer was done meanwhile, or the window closed */
  if (g_task_get_cancellable (G_TASK (result)) != self->snapshot_cancellable || self->main_stack == NULL)
    return;
  g_clear_object (&self->snapshot_cancellable);
  self->snapshot_time = g_get_monotonic_time () - self->snapshot_start;
  if (document == NULL)
    {
      /* nothing to show yet, most likely: the banner says why */
      gtk_label_set_text (self->live_label, error->message);
      gtk_info_bar_set_revealed (self->live_bar, TRUE);
    }
  else
    _ht_window_show_document (self, document);
  if (document != NULL && self->instant_pending)
    ht_session_show_instant (self->session, self->pending_instant);
  self->instant_pending = FALSE;
  schedule_auto_update (self);
}

/* What has been written so far, as a document for the trees, the flame
 * graph, the summary: the live page stays until it is read */
static void
live_update_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);
  const char *path = self->live ? ht_live_view_get_path (self->live_view) : NULL;
  g_autoptr(GFile) file = NULL;

  if (path == NULL || self->snapshot_cancellable != NULL)
    return;
  g_clear_handle_id (&self->auto_update_source, g_source_remove);
  file = g_file_new_for_path (path);
  self->snapshot_cancellable = g_cancellable_new ();
  self->snapshot_start = g_get_monotonic_time ();
  ht_document_load_async (file, self->snapshot_cancellable, snapshot_cb, g_object_ref (self));
}

static gboolean
auto_update_timeout_cb (gpointer user_data)
{
  HtWindow *self = user_data;

  self->auto_update_source = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.live-update", NULL);
  return G_SOURCE_REMOVE;
}

/* The next reading, while "Update automatically" is on: reading takes at
 * most a fifth of the time, and never more than one each 2 s */
static void
schedule_auto_update (HtWindow *self)
{
  guint interval = (guint) MAX (2000, 5 * self->snapshot_time / 1000);

  g_clear_handle_id (&self->auto_update_source, g_source_remove);
  if (self->live && gtk_switch_get_active (self->auto_update_switch) && self->snapshot_cancellable == NULL)
    self->auto_update_source = g_timeout_add (interval, auto_update_timeout_cb, self);
}

static void
auto_update_cb (HtWindow   *self,
                GParamSpec *pspec,
                GtkSwitch  *toggle)
{
  schedule_auto_update (self);
}

/* Back from what was written so far to the trace as it grows */
static void
live_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (!self->live)
    return;
  gtk_switch_set_active (self->auto_update_switch, FALSE);
  gtk_info_bar_set_revealed (self->live_bar, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "live");
}

/* Someone else's recording: what it has written so far, for good */
static void
stop_following_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HtWindow *self = HT_WINDOW (widget);

  if (self->live && self->recorder == NULL)
    _ht_window_open_document (self, self->file);
}

/* A recorder still stopping when its window goes: the application waits
 * for it, so that it can still end the program; a program that does not
 * end on SIGTERM either is killed, as nobody is left to ask (the user
 * chose to stop it) */
static void
orphan_state_cb (HtRecorderProcess *recorder,
                 GParamSpec        *pspec,
                 GApplication      *application)
{
  HtRecorderState state = ht_recorder_process_get_state (recorder);

  if (ht_recorder_process_get_stuck (recorder))
    ht_recorder_process_kill (recorder);
  if (state != HT_RECORDER_STATE_FINISHED && state != HT_RECORDER_STATE_FAILED)
    return;
  g_signal_handlers_disconnect_by_func (recorder, orphan_state_cb, application);
  g_application_release (application);
  g_object_unref (recorder);
}

static gboolean
close_timeout_cb (gpointer user_data)
{
  HtWindow *self = user_data;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  self->close_source = 0;
  if (self->recorder != NULL && application != NULL)
    {
      g_application_hold (G_APPLICATION (application));
      g_signal_connect_object (self->recorder, "notify::state", G_CALLBACK (orphan_state_cb), application, 0);
      g_signal_connect_object (self->recorder, "notify::stuck", G_CALLBACK (orphan_state_cb), application, 0);
      g_object_ref (self->recorder);
    }
  gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (HtWindow         *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "stop") != 0 || self->recorder == NULL)
    return;
  self->closing = TRUE;
  ht_recorder_process_stop (self->recorder);
  /* the window goes once the recorder is done, 3 s at the most */
  self->close_source = g_timeout_add_seconds (3, close_timeout_cb, self);
}

/* Closing a window that records asks first */
static gboolean
ht_window_close_request (GtkWindow *window)
{
  HtWindow *self = HT_WINDOW (window);
  GtkWidget *dialog;

  if (self->closing || !ht_window_is_recording (self))
    return parent_close_request (window);
  dialog = adw_message_dialog_new (window, _("Stop recording?"),
                                   _("The recording ends when the window closes: a program started here is "
                                     "interrupted, a process attached to runs on. The trace keeps what was "
                                     "recorded."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "stop", _("_Stop and Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}


static void
record_cb (HtWindow          *self,
           HtRecorderProcess *recorder)
{
  ht_window_record (_ht_window_free_window (self), recorder);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtRecordDialog *dialog = ht_record_dialog_new (GTK_WINDOW (widget));

  g_signal_connect_object (dialog, "record", G_CALLBACK (record_cb), widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HtAttachDialog *dialog = ht_attach_dialog_new (GTK_WINDOW (widget));

  g_signal_connect_object (dialog, "record", G_CALLBACK (record_cb), widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ht_window_live_class_init (HtWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  parent_close_request = GTK_WINDOW_CLASS (klass)->close_request;
  GTK_WINDOW_CLASS (klass)->close_request = ht_window_close_request;
  gtk_widget_class_bind_template_callback (widget_class, auto_update_cb);
  gtk_widget_class_install_action (widget_class, "win.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "win.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "win.live-update", NULL, live_update_action);
  gtk_widget_class_install_action (widget_class, "win.live-view", NULL, live_view_action);
  gtk_widget_class_install_action (widget_class, "win.stop-following", NULL, stop_following_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.attach", NULL);
}

void
_ht_window_live_init (HtWindow *self)
{
  g_autofree char *why = NULL;

  /* no recorder (or a sandbox that may not run it): the start page says
   * how to record instead */
  if (!ht_recorder_available (&why))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.record", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.attach", FALSE);
      gtk_widget_set_visible (self->record_buttons, FALSE);
      gtk_label_set_text (self->record_unavailable_label, why);
      gtk_widget_set_visible (GTK_WIDGET (self->record_unavailable_label), TRUE);
    }
}
