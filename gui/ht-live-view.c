/* ht-live-view.c: a trace that is being written, as it grows
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A follower reads what the writer has added, in a worker thread, a few
 * times a second (docs/trace-format.md §12); the window only shows the
 * figures and charts each step hands back, so a trace that grows fast
 * costs the window no more than one that grows slowly. The follower is
 * the step's while it runs, and comes back with its result.
 */

#define G_LOG_DOMAIN "ht-live-view"

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "ht-chart-view.h"
#include "ht-live-view.h"
#include "ht-trace-follower.h"

/* Five times a second at least: a step every this many ms, once the last
 * one is done (the recorder flushes every eighth of a second) */
#define STEP_INTERVAL 100

/* A step reads for at most this many ms. At its low priority on cores the
 * program and the recorder keep busy, a step that read all that came
 * could take a few hundred ms, and the figures moved on three or four
 * times a second; they now move on after every step, later when the
 * steps fall behind, and the trace's end is read when the recording ends. */
#define STEP_READ_TIME 60

/* The steps' nice value: where they compete with the recorded program for
 * a busy core, about a tenth of its time (a nice-10 thread weighs 110
 * against 1024). At nice 0 and 5 the program's cost went past the 10 %
 * allowed on this 2-core machine, and nice 10 still refreshes five times a
 * second (bench/README.md, live-bench.sh) */
#define STEP_NICE 10

/* as many series as the charts page shows */
#define N_TOP 10

/* the charts, in the order of the views */
static const HtCostType chart_types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
#define N_CHARTS G_N_ELEMENTS (chart_types)

struct _HtLiveView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *box;               /* bound to be let go of with the view */
  GtkLabel          *title_label;
  GtkLabel          *status_label;
  GtkLabel          *message_label;
  GtkWidget         *stop_following_button;
  GtkWidget         *stop_button;
  GtkWidget         *kill_button;
  GtkLabel          *calls_label;
  GtkLabel          *temporary_label;
  GtkLabel          *peak_label;
  GtkLabel          *peak_time_label;
  GtkLabel          *live_label;
  GtkLabel          *rss_label;
  GtkLabel          *time_label;
  HtChartView       *consumed_chart;
  HtChartView       *allocations_chart;
  HtChartView       *temporary_chart;
  GtkWidget         *output_pane;
  GtkTextView       *output_view;

  /* Owned references */
  char              *path;
  HtRecorderProcess *recorder;
  GSignalGroup      *recorder_signals;
  GBinding          *path_binding;     /* recorder's trace-path -> path */
  HtTraceFollower   *follower;         /* NULL while a step has it, or before a path */
  GCancellable      *cancellable;      /* of the steps of this view */
  HtChart           *charts[N_CHARTS]; /* what the chart views show */
  guint              step_source;

  gboolean           stepping;
  gboolean           have_totals;
  HtAnalysisTotals   totals;
  guint              unlocked_steps;   /* steps in a row that found the file there, unlocked */
  gboolean           done;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_RECORDER,
  PROP_DONE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtLiveView, ht_live_view, GTK_TYPE_WIDGET)

/* One step of the worker: it takes the follower and gives it back */
typedef struct
{
  char             *path;
  HtTraceFollower  *follower;
  gboolean          exists;
  gboolean          writing;
  gboolean          changed;
  gboolean          have_totals;
  HtAnalysisTotals  totals;
  HtChart          *charts[N_CHARTS];
  GError           *error;
} Step;

static void
step_free (Step *step)
{
  g_free (step->path);
  g_clear_pointer (&step->follower, ht_trace_follower_free);
  for (guint c = 0; c < N_CHARTS; c++)
    g_clear_pointer (&step->charts[c], ht_chart_free);
  g_clear_error (&step->error);
  g_free (step);
}

/* A thread of its own for each step, at a lower priority: on a machine
 * whose cores the recorded program and its recorder keep busy, watching
 * takes mostly the time they leave (bench/live-bench.sh). GLib's
 * shared pool is no place for it: a nice value cannot be undone without
 * privileges, and the pool's threads load traces too. */
static void
step_run (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
  Step *step = task_data;

  /* asked before reading: a writer that is done has written everything
   * the read that follows finds */
  step->writing = ht_trace_is_being_written (step->path);
  step->exists = g_file_test (step->path, G_FILE_TEST_EXISTS);
  /* once the writer is done, to the end at once: the figures shown last
   * are the trace's */
  ht_trace_follower_set_poll_time (step->follower, step->writing ? STEP_READ_TIME * 1000 : 0);
  if (!ht_trace_follower_poll (step->follower, &step->changed, &step->error))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  step->have_totals = ht_trace_follower_get_totals (step->follower, &step->totals);
  if (step->changed)
    ht_trace_follower_get_charts (step->follower, chart_types, N_CHARTS, N_TOP, step->charts);
  g_task_return_boolean (task, TRUE);
}

static gpointer
step_thread (gpointer data)
{
  g_autoptr(GTask) task = data;

  /* the thread's own nice value (Linux: a thread is a task of its own) */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), STEP_NICE);
  step_run (task, NULL, g_task_get_task_data (task), NULL);
  return NULL;
}

static HtChartView *
chart_view (HtLiveView *self,
            guint       c)
{
  HtChartView *views[] = { self->consumed_chart, self->allocations_chart, self->temporary_chart };

  return views[c];
}

static void
set_amount (GtkLabel *label,
            gint64    value,
            gboolean  bytes)
{
  g_autofree char *text = ht_chart_format_amount (value, bytes);

  gtk_label_set_text (label, text);
}

static void
set_moment (GtkLabel *label,
            guint64   ms)
{
  g_autofree char *text = ht_chart_format_moment (ms);

  gtk_label_set_text (label, text);
}

static void
show_totals (HtLiveView *self)
{
  g_autofree char *at = NULL;
  g_autofree char *when = NULL;

  set_amount (self->calls_label, self->totals.calls, FALSE);
  set_amount (self->temporary_label, self->totals.temporary, FALSE);
  set_amount (self->peak_label, self->totals.peak, TRUE);
  set_amount (self->live_label, self->totals.live, TRUE);
  set_amount (self->rss_label, (gint64) self->totals.peak_rss, TRUE);
  set_moment (self->time_label, self->totals.time);
  when = ht_chart_format_moment (self->totals.peak_time);
  /* Translators: under the peak: when it was reached, e.g. "peak at 1.25 s" */
  at = g_strdup_printf (_("peak at %s"), when);
  gtk_label_set_text (self->peak_time_label, at);
}

static void
set_done (HtLiveView *self)
{
  if (self->done)
    return;
  self->done = TRUE;
  g_clear_handle_id (&self->step_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DONE]);
}

static void start_step (HtLiveView *self);

static gboolean
step_timeout_cb (gpointer user_data)
{
  HtLiveView *self = user_data;

  self->step_source = 0;
  start_step (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_step (HtLiveView *self)
{
  if (self->step_source == 0 && !self->done && self->follower != NULL)
    self->step_source = g_timeout_add (STEP_INTERVAL, step_timeout_cb, self);
}

static void
step_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  HtLiveView *self = HT_LIVE_VIEW (source);
  Step *step = g_task_get_task_data (G_TASK (result));

  /* the view went, or follows another file now: the step is of no use */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable || g_strcmp0 (step->path, self->path) != 0)
    return;
  self->stepping = FALSE;
  if (step->error != NULL)
    {
      gtk_label_set_text (self->message_label, step->error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      /* the follower is of no more use; the writer's end still opens the file */
      if (self->recorder == NULL)
        set_done (self);
      return;
    }
  self->follower = g_steal_pointer (&step->follower);
  if (step->have_totals)
    {
      self->totals = step->totals;
      self->have_totals = TRUE;
      show_totals (self);
    }
  for (guint c = 0; c < N_CHARTS; c++)
    if (step->charts[c] != NULL)
      {
        /* the view lets go of the old chart before it is freed */
        HtChart *old = self->charts[c];

        self->charts[c] = g_steal_pointer (&step->charts[c]);
        ht_chart_view_set_chart (chart_view (self, c), self->charts[c]);
        ht_chart_free (old);
      }

  /* without a recorder, the file's lock is all that tells the writer is
   * done; a recorder creates the file before it locks it, so one step
   * that finds it unlocked may fall in between */
  self->unlocked_steps = step->exists && !step->writing ? self->unlocked_steps + 1 : 0;
  if (self->recorder == NULL && self->unlocked_steps >= 2)
    set_done (self);
  else
    schedule_step (self);
}

static void
start_step (HtLiveView *self)
{
  g_autoptr(GTask) task = NULL;
  GThread *thread;
  Step *step;

  if (self->stepping || self->follower == NULL)
    return;
  step = g_new0 (Step, 1);
  step->path = g_strdup (self->path);
  step->follower = g_steal_pointer (&self->follower);
  self->stepping = TRUE;
  task = g_task_new (self, self->cancellable, step_cb, NULL);
  g_task_set_task_data (task, step, (GDestroyNotify) step_free);
  /* the thread gets a reference of its own; where no thread can be made
   * now, GLib's pool runs the step, at the program's priority */
  thread = g_thread_try_new ("ht-live-step", step_thread, g_object_ref (task), NULL);
  if (thread != NULL)
    g_thread_unref (thread);
  else
    {
      g_object_unref (task);
      g_task_run_in_thread (task, step_run);
    }
}

/* A new file to follow: everything starts again */
static void
restart (HtLiveView *self)
{
  g_autofree char *name = self->path != NULL ? g_path_get_basename (self->path) : NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->step_source, g_source_remove);
  g_clear_pointer (&self->follower, ht_trace_follower_free);
  for (guint c = 0; c < N_CHARTS; c++)
    {
      ht_chart_view_set_chart (chart_view (self, c), NULL);
      g_clear_pointer (&self->charts[c], ht_chart_free);
    }
  self->stepping = FALSE;
  self->have_totals = FALSE;
  memset (&self->totals, 0, sizeof self->totals);
  self->unlocked_steps = 0;
  if (self->done)
    {
      self->done = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DONE]);
    }
  show_totals (self);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  if (self->recorder == NULL)
    gtk_label_set_text (self->title_label, name != NULL ? name : "");

  if (self->path == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->follower = ht_trace_follower_new (self->path);
  start_step (self);
}

/* How Stop ended the recording, in words (ht_recorder_process_stop ()) */
static const char *
stop_reason_text (const char *reason)
{
  if (g_str_equal (reason, "interrupted"))
    return _("Stopped: interrupted (SIGINT).");
  if (g_str_equal (reason, "terminated"))
    return _("Stopped: it did not end on SIGINT, so it was terminated (SIGTERM).");
  if (g_str_equal (reason, "killed"))
    return _("Stopped: killed (SIGKILL).");
  if (g_str_equal (reason, "detached"))
    return _("Stopped: detached, the process runs on.");
  return reason;
}

static const char *
state_text (HtRecorderState state)
{
  switch (state)
    {
    case HT_RECORDER_STATE_STARTING:
      return _("Starting…");
    case HT_RECORDER_STATE_RUNNING:
      return _("Recording");
    case HT_RECORDER_STATE_STOPPING:
      return _("Stopping…");
    case HT_RECORDER_STATE_FINISHED:
      return _("Finished");
    case HT_RECORDER_STATE_FAILED:
      return _("Failed");
    default:
      return "";
    }
}

/* The header: what is recorded, how far it is, how it ended */
static void
update_recorder (HtLiveView *self)
{
  g_autofree char *name = self->path != NULL ? g_path_get_basename (self->path) : NULL;
  HtRecorderState state;
  const char *message, *reason;
  g_autofree char *status = NULL;
  g_autoptr(GString) said = g_string_new (NULL);

  gtk_widget_set_visible (self->stop_following_button, self->recorder == NULL);
  gtk_widget_set_visible (self->output_pane, self->recorder != NULL);
  if (self->recorder == NULL)
    {
      gtk_widget_set_visible (self->stop_button, FALSE);
      gtk_widget_set_visible (self->kill_button, FALSE);
      /* Translators: the state of a trace written by another program, and its file */
      status = g_strdup_printf (_("Following %s as it is written"), name != NULL ? name : "");
      gtk_label_set_text (self->status_label, status);
      return;
    }

  state = ht_recorder_process_get_state (self->recorder);
  message = ht_recorder_process_get_message (self->recorder);
  reason = ht_recorder_process_get_stop_reason (self->recorder);
  gtk_label_set_text (self->title_label, ht_recorder_process_get_command_line (self->recorder));
  status = name != NULL ? g_strdup_printf ("%s — %s", state_text (state), name) : g_strdup (state_text (state));
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_visible (self->stop_button,
                          state == HT_RECORDER_STATE_STARTING || state == HT_RECORDER_STATE_RUNNING);
  gtk_widget_set_visible (self->kill_button, ht_recorder_process_get_stuck (self->recorder));

  if (reason != NULL)
    g_string_append (said, stop_reason_text (reason));
  if (message != NULL)
    g_string_append_printf (said, "%s%s", said->len > 0 ? " " : "", message);
  gtk_label_set_text (self->message_label, said->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), said->len > 0);
}

/* The pane keeps all the output, and keeps to its end while it is there */
static void
append_output (HtLiveView *self,
               const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->output_view));
  gboolean at_end = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
                    >= gtk_adjustment_get_upper (adjustment) - 1;
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  if (at_end)
    gtk_text_view_scroll_mark_onscreen (self->output_view, gtk_text_buffer_get_mark (buffer, "end"));
}

static void
output_cb (HtLiveView        *self,
           const char        *text,
           gboolean           is_stderr,
           HtRecorderProcess *recorder)
{
  append_output (self, text);
}

static void
stop_clicked_cb (HtLiveView *self)
{
  if (self->recorder != NULL)
    ht_recorder_process_stop (self->recorder);
}

static void
kill_clicked_cb (HtLiveView *self)
{
  if (self->recorder != NULL)
    ht_recorder_process_kill (self->recorder);
}

const char *
ht_live_view_get_path (HtLiveView *self)
{
  g_return_val_if_fail (HT_IS_LIVE_VIEW (self), NULL);

  return self->path;
}

/**
 * ht_live_view_set_path:
 * @path: (nullable): the trace to follow; it may not exist yet
 *
 * Follows @path from its start, as a file of its own: the program a
 * recording follows execs, and the program it becomes has its own trace.
 */
void
ht_live_view_set_path (HtLiveView *self,
                       const char *path)
{
  g_return_if_fail (HT_IS_LIVE_VIEW (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  restart (self);
  update_recorder (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PATH]);
}

HtRecorderProcess *
ht_live_view_get_recorder (HtLiveView *self)
{
  g_return_val_if_fail (HT_IS_LIVE_VIEW (self), NULL);

  return self->recorder;
}

/**
 * ht_live_view_set_recorder:
 * @recorder: (nullable): the recording this view shows; the view follows
 *   its trace-path. Without one, the view follows a file someone else
 *   writes, until its lock goes ("done").
 */
void
ht_live_view_set_recorder (HtLiveView        *self,
                           HtRecorderProcess *recorder)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (HT_IS_LIVE_VIEW (self));

  if (self->recorder == recorder)
    return;
  g_clear_pointer (&self->path_binding, g_binding_unbind);
  g_set_object (&self->recorder, recorder);
  g_signal_group_set_target (self->recorder_signals, recorder);
  buffer = gtk_text_view_get_buffer (self->output_view);
  gtk_text_buffer_set_text (buffer, recorder != NULL ? ht_recorder_process_get_output (recorder) : "", -1);
  if (recorder != NULL)
    self->path_binding = g_object_bind_property (recorder, "trace-path", self, "path", G_BINDING_SYNC_CREATE);
  update_recorder (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECORDER]);
}

/* Without a recorder: the writer let go of the file (or it cannot be read) */
gboolean
ht_live_view_get_done (HtLiveView *self)
{
  g_return_val_if_fail (HT_IS_LIVE_VIEW (self), FALSE);

  return self->done;
}

/**
 * ht_live_view_get_totals:
 * @totals: (out): the figures read so far
 *
 * Returns: %FALSE, and @totals unset, before anything could be read
 */
gboolean
ht_live_view_get_totals (HtLiveView       *self,
                         HtAnalysisTotals *totals)
{
  g_return_val_if_fail (HT_IS_LIVE_VIEW (self), FALSE);

  if (self->have_totals)
    *totals = self->totals;
  return self->have_totals;
}

static void
ht_live_view_dispose (GObject *object)
{
  HtLiveView *self = (HtLiveView *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->step_source, g_source_remove);
  g_clear_pointer (&self->path_binding, g_binding_unbind);
  g_clear_object (&self->recorder_signals);
  g_clear_object (&self->recorder);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_LIVE_VIEW);
  g_clear_pointer (&self->follower, ht_trace_follower_free);
  for (guint c = 0; c < N_CHARTS; c++)
    g_clear_pointer (&self->charts[c], ht_chart_free);

  G_OBJECT_CLASS (ht_live_view_parent_class)->dispose (object);
}

static void
ht_live_view_finalize (GObject *object)
{
  HtLiveView *self = (HtLiveView *) object;

  g_free (self->path);

  G_OBJECT_CLASS (ht_live_view_parent_class)->finalize (object);
}

static void
ht_live_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HtLiveView *self = HT_LIVE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_RECORDER:
      g_value_set_object (value, self->recorder);
      break;

    case PROP_DONE:
      g_value_set_boolean (value, self->done);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_live_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HtLiveView *self = HT_LIVE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      ht_live_view_set_path (self, g_value_get_string (value));
      break;

    case PROP_RECORDER:
      ht_live_view_set_recorder (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_live_view_class_init (HtLiveViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_live_view_dispose;
  object_class->finalize = ht_live_view_finalize;
  object_class->get_property = ht_live_view_get_property;
  object_class->set_property = ht_live_view_set_property;

  /* the trace followed; another one starts the following again */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_RECORDER] =
    g_param_spec_object ("recorder", NULL, NULL,
                         HT_TYPE_RECORDER_PROCESS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DONE] =
    g_param_spec_boolean ("done", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-live-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, box);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, status_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, message_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, stop_following_button);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, kill_button);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, calls_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, temporary_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, peak_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, peak_time_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, live_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, rss_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, time_label);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, consumed_chart);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, allocations_chart);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, temporary_chart);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, output_pane);
  gtk_widget_class_bind_template_child (widget_class, HtLiveView, output_view);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, kill_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ht_live_view_init (HtLiveView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  gtk_widget_init_template (GTK_WIDGET (self));
  buffer = gtk_text_view_get_buffer (self->output_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  /* where the pane scrolls to: it stays at the end as text comes */
  gtk_text_buffer_create_mark (buffer, "end", &end, FALSE);

  self->recorder_signals = g_signal_group_new (HT_TYPE_RECORDER_PROCESS);
  g_signal_group_connect_object (self->recorder_signals, "output", G_CALLBACK (output_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recorder_signals, "notify", G_CALLBACK (update_recorder), self,
                                 G_CONNECT_SWAPPED);
  show_totals (self);
  update_recorder (self);
}
