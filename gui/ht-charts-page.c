/* ht-charts-page.c: the timeline charts, over one time axis
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts always show the whole trace (the session's document, not the
 * view document, which may be a time window of it): the time selection
 * they set is shown on them as a band instead. Their top locations' series
 * need a second pass over the file, made for the three charts at once in a
 * thread the first time the page is shown; a new view document leaves the
 * document and so the charts as they are. The three charts share a time
 * adjustment, so zooming or panning one moves them all, and a scrollbar.
 */

#define G_LOG_DOMAIN "ht-charts-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-charts-page.h"

/* Locations with a series of their own, in every chart; the location
 * colours are handed out for as many */
#define N_TOP 6

static const HtCostType chart_types[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
#define N_CHARTS G_N_ELEMENTS (chart_types)

typedef struct
{
  HtChart *charts[N_CHARTS];
} ChartSet;

struct _HtChartsPage
{
  HtView         parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkSpinner    *spinner;
  AdwStatusPage *error_page;
  GtkLabel      *selection_label;
  GtkAdjustment *time_adjustment;
  HtChartView   *consumed_chart;
  HtChartView   *allocations_chart;
  HtChartView   *temporary_chart;

  /* Owned references */
  HtDocument    *document;      /* whose charts are shown or on their way */
  GCancellable  *cancellable;
  ChartSet      *set;
};

G_DEFINE_FINAL_TYPE (HtChartsPage, ht_charts_page, HT_TYPE_VIEW)

static void
chart_set_free (ChartSet *set)
{
  for (guint c = 0; c < N_CHARTS; c++)
    ht_chart_free (set->charts[c]);
  g_free (set);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChartSet, chart_set_free)

static HtChartView *
chart_view (HtChartsPage *self,
            guint         index)
{
  HtChartView *views[] = { self->consumed_chart, self->allocations_chart, self->temporary_chart };

  return views[index];
}

/* Lets go of the charts: the views first, as they borrow them */
static void
clear_charts (HtChartsPage *self)
{
  g_assert (HT_IS_CHARTS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (guint c = 0; c < N_CHARTS; c++)
    ht_chart_view_set_chart (chart_view (self, c), NULL);
  g_clear_pointer (&self->set, chart_set_free);
  g_clear_object (&self->document);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
compute_charts (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HtDocument *document = task_data;
  HtAnalysis *analysis = ht_document_get_analysis (document);
  g_autofree char *path = g_file_get_path (ht_document_get_file (document));
  g_autoptr(HtLocationColours) colours = NULL;
  g_autoptr(ChartSet) set = g_new0 (ChartSet, 1);
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The charts read the trace again, which must be a local file"));
      return;
    }
  /* one colour per location across the charts and the histogram */
  colours = ht_location_colours_new (analysis, N_TOP);
  if (!ht_chart_new_several (analysis, path, chart_types, N_CHARTS, N_TOP, colours, set->charts,
                             cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&set), (GDestroyNotify) chart_set_free);
}

static void
charts_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HtChartsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ChartSet *set = g_task_propagate_pointer (G_TASK (result), &error);
  guint64 runtime;

  g_assert (HT_IS_CHARTS_PAGE (self));

  /* another document came meanwhile, or none */
  if (g_task_get_task_data (G_TASK (result)) != self->document)
    {
      g_clear_pointer (&set, chart_set_free);
      return;
    }
  gtk_spinner_stop (self->spinner);
  g_clear_object (&self->cancellable);
  if (set == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->set = set;
  runtime = MAX (set->charts[0]->runtime, 1);
  gtk_adjustment_configure (self->time_adjustment, 0, 0, runtime, runtime / 10.0, runtime * 0.9, runtime);
  for (guint c = 0; c < N_CHARTS; c++)
    ht_chart_view_set_chart (chart_view (self, c), set->charts[c]);
  gtk_stack_set_visible_child_name (self->stack, "charts");
}

/* The charts of the session's document, computed once for it: in a
 * worker thread from the moment the trace is open, as they need a second
 * reading of the file, so that they are there when the page is first shown */
static void
start_computing (HtChartsPage *self)
{
  HtDocument *document = ht_session_get_document (ht_view_get_session (HT_VIEW (self)));
  g_autoptr(GTask) task = NULL;

  if (document == self->document)
    return;
  clear_charts (self);
  self->document = g_object_ref (document);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->spinner);

  task = g_task_new (NULL, self->cancellable, charts_ready_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_computing);
  g_task_set_task_data (task, g_object_ref (document), g_object_unref);
  g_task_run_in_thread (task, compute_charts);
}

static void
ht_charts_page_load (HtView *view)
{
  start_computing (HT_CHARTS_PAGE (view));
}

/* A new view document is a part of the same trace: the charts stay. A new
 * session (another trace, or none) lets them go. */
static void
session_changed_cb (HtChartsPage *self)
{
  HtSession *session = ht_view_get_session (HT_VIEW (self));

  g_assert (HT_IS_CHARTS_PAGE (self));

  if (session == NULL || ht_session_get_document (session) != self->document)
    clear_charts (self);
  if (session != NULL)
    start_computing (self);
}

static void
update_selection (HtChartsPage *self)
{
  HtSession *session = ht_view_get_session (HT_VIEW (self));
  gboolean selected = session != NULL && ht_session_get_has_selection (session);

  g_assert (HT_IS_CHARTS_PAGE (self));

  /* the window's time bar names the selection */
  gtk_label_set_label (self->selection_label, selected ? "" : _("Drag across a chart to select a time range"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.zoom-to-selection", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.clear-selection", selected);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  HtSession *session = ht_view_get_session (HT_VIEW (widget));

  if (session != NULL)
    ht_session_clear_selection (session);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HtChartsPage *self = HT_CHARTS_PAGE (widget);
  double start = gtk_adjustment_get_value (self->time_adjustment);
  double middle = start + gtk_adjustment_get_page_size (self->time_adjustment) / 2;

  ht_chart_view_zoom (self->consumed_chart, g_str_equal (action_name, "charts.zoom-in") ? 1 / 1.5 : 1.5, middle);
}

static void
zoom_to_selection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  HtChartsPage *self = HT_CHARTS_PAGE (widget);
  HtSession *session = ht_view_get_session (HT_VIEW (self));

  if (session != NULL && ht_session_get_has_selection (session))
    ht_chart_view_show_range (self->consumed_chart, ht_session_get_selection_start (session),
                              ht_session_get_selection_end (session));
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HtChartsPage *self = HT_CHARTS_PAGE (widget);

  ht_chart_view_show_range (self->consumed_chart, 0, gtk_adjustment_get_upper (self->time_adjustment));
}

/**
 * ht_charts_page_get_chart:
 *
 * Returns: (transfer none): the chart of @type (peak, allocations or temporary)
 */
HtChartView *
ht_charts_page_get_chart (HtChartsPage *self,
                          HtCostType    type)
{
  g_return_val_if_fail (HT_IS_CHARTS_PAGE (self), NULL);

  for (guint c = 0; c < N_CHARTS; c++)
    if (chart_types[c] == type)
      return chart_view (self, c);
  return NULL;
}

/* "empty" before the page was first shown, "loading", "error" or "charts" */
const char *
ht_charts_page_get_state (HtChartsPage *self)
{
  g_return_val_if_fail (HT_IS_CHARTS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
ht_charts_page_dispose (GObject *object)
{
  HtChartsPage *self = (HtChartsPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* the views go first: they borrow the charts */
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_CHARTS_PAGE);
  g_clear_pointer (&self->set, chart_set_free);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (ht_charts_page_parent_class)->dispose (object);
}

static void
ht_charts_page_class_init (HtChartsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtViewClass *view_class = HT_VIEW_CLASS (klass);

  object_class->dispose = ht_charts_page_dispose;

  view_class->load = ht_charts_page_load;

  g_type_ensure (HT_TYPE_CHART_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-charts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, time_adjustment);
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, consumed_chart);
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, allocations_chart);
  gtk_widget_class_bind_template_child (widget_class, HtChartsPage, temporary_chart);

  gtk_widget_class_install_action (widget_class, "charts.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "charts.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "charts.zoom-to-selection", NULL, zoom_to_selection_action);
  gtk_widget_class_install_action (widget_class, "charts.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "charts.clear-selection", NULL, clear_selection_action);
  /* disabled without a selection, so that Escape then goes on to the window */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "charts.clear-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "charts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "charts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "charts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "charts.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "charts.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "charts.reset-zoom", NULL);
}

static void
ht_charts_page_init (HtChartsPage *self)
{
  GSignalGroup *signals;

  gtk_widget_init_template (GTK_WIDGET (self));

  signals = ht_view_get_session_signals (HT_VIEW (self));
  g_signal_group_connect_object (signals, "notify::selection-start",
                                 G_CALLBACK (update_selection), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (signals, "notify::selection-end",
                                 G_CALLBACK (update_selection), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::session", G_CALLBACK (session_changed_cb), NULL);
  g_signal_connect (self, "notify::session", G_CALLBACK (update_selection), NULL);
  update_selection (self);
}
