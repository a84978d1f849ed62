/* ht-diff-charts-view.c: a cost of both traces of a comparison over time
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picture is ht_chart_overlay_paint ()'s, of the comparison's
 * HtChartOverlay; this widget chooses the cost and the time axis, and
 * shows both traces' values at the time under the pointer.
 */

#define G_LOG_DOMAIN "ht-diff-charts-view"

#include "config.h"

#include "ht-chart-painter.h"
#include "ht-diff-charts-view.h"

struct _HtDiffChartsView
{
  HtComparisonView parent_instance;

  /* Template widgets */
  GtkWidget       *box;  /* the root, for dispose_template */
  GtkToggleButton *consumed_button;
  GtkToggleButton *allocations_button;
  GtkToggleButton *temporary_button;
  GtkToggleButton *normalised_button;
  GtkDrawingArea  *chart;

  /* Owned references */
  HtChartOverlay  *overlay;     /* of the comparison, cost type and time axis; NULL without one */

  HtCostType       cost_type;
  gboolean         normalised;
  double           cursor;      /* the point of the axis under the pointer, or -1 */
};

enum {
  PROP_0,
  PROP_COST_TYPE,
  PROP_NORMALISED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtDiffChartsView, ht_diff_charts_view, HT_TYPE_COMPARISON_VIEW)

/* The whole axis: the overlay is the length of the longer run, or 100 % */
static HtChartPaintOptions
paint_options (HtDiffChartsView *self)
{
  return (HtChartPaintOptions) { 0, self->overlay->end, ht_comparison_view_is_dark (), FALSE, FALSE, 0, 0, -1 };
}

static void
ht_diff_charts_view_update (HtComparisonView *view)
{
  HtDiffChartsView *self = HT_DIFF_CHARTS_VIEW (view);
  HtComparison *comparison = ht_comparison_view_get_comparison (view);

  g_clear_pointer (&self->overlay, ht_chart_overlay_free);
  if (comparison != NULL)
    self->overlay = ht_comparison_chart_overlay (comparison, self->cost_type,
                                                 self->normalised ? HT_OVERLAY_NORMALISED : HT_OVERLAY_ABSOLUTE);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  HtDiffChartsView *self = user_data;

  if (self->overlay != NULL)
    {
      HtChartPaintOptions options = paint_options (self);

      ht_chart_overlay_paint (cr, self->overlay, width, height, &options, self->cursor);
    }
}

/* The point of the time axis at @x, or -1 outside the plot */
static double
axis_point (HtDiffChartsView *self,
            double            x)
{
  HtChartPaintOptions options = paint_options (self);
  HtChartPlot plot;

  ht_chart_plot_area (gtk_widget_get_width (GTK_WIDGET (self->chart)),
                      gtk_widget_get_height (GTK_WIDGET (self->chart)), &plot);
  if (x < plot.x || x > plot.x + plot.width)
    return -1;
  return ht_chart_plot_time (&plot, &options, x);
}

static void
motion_cb (HtDiffChartsView         *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  g_assert (HT_IS_DIFF_CHARTS_VIEW (self));

  if (self->overlay == NULL)
    return;
  self->cursor = axis_point (self, x);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
leave_cb (HtDiffChartsView         *self,
          GtkEventControllerMotion *controller)
{
  g_assert (HT_IS_DIFF_CHARTS_VIEW (self));

  self->cursor = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static gboolean
query_tooltip_cb (HtDiffChartsView *self,
                  int               x,
                  int               y,
                  gboolean          keyboard_mode,
                  GtkTooltip       *tooltip,
                  GtkWidget        *widget)
{
  g_autofree char *text = NULL;
  double point;

  g_assert (HT_IS_DIFF_CHARTS_VIEW (self));

  if (self->overlay == NULL || keyboard_mode || (point = axis_point (self, x)) < 0)
    return FALSE;
  text = ht_chart_overlay_describe (self->overlay, point);
  gtk_tooltip_set_text (tooltip, text);
  /* a new text as the pointer moves along the axis */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x, 0, 1, gtk_widget_get_height (widget) });
  return TRUE;
}

static void
set_cost_type (HtDiffChartsView *self,
               HtCostType        cost_type)
{
  GtkToggleButton *button;

  if (cost_type != HT_COST_ALLOCATIONS && cost_type != HT_COST_TEMPORARY)
    cost_type = HT_COST_PEAK;
  if (self->cost_type == cost_type)
    return;
  self->cost_type = cost_type;
  button = cost_type == HT_COST_ALLOCATIONS ? self->allocations_button
         : cost_type == HT_COST_TEMPORARY ? self->temporary_button
         : self->consumed_button;
  gtk_toggle_button_set_active (button, TRUE);
  ht_diff_charts_view_update (HT_COMPARISON_VIEW (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COST_TYPE]);
}

static void
cost_toggled_cb (HtDiffChartsView *self,
                 GtkToggleButton  *button)
{
  g_assert (HT_IS_DIFF_CHARTS_VIEW (self));

  if (!gtk_toggle_button_get_active (button))
    return;
  set_cost_type (self, button == self->allocations_button ? HT_COST_ALLOCATIONS
                     : button == self->temporary_button ? HT_COST_TEMPORARY
                     : HT_COST_PEAK);
}

/* %NULL until a comparison is shown */
const HtChartOverlay *
ht_diff_charts_view_get_overlay (HtDiffChartsView *self)
{
  g_return_val_if_fail (HT_IS_DIFF_CHARTS_VIEW (self), NULL);

  return self->overlay;
}

static void
ht_diff_charts_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HtDiffChartsView *self = HT_DIFF_CHARTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_COST_TYPE:
      g_value_set_enum (value, self->cost_type);
      break;
    case PROP_NORMALISED:
      g_value_set_boolean (value, self->normalised);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_diff_charts_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HtDiffChartsView *self = HT_DIFF_CHARTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_COST_TYPE:
      set_cost_type (self, g_value_get_enum (value));
      break;
    case PROP_NORMALISED:
      if (self->normalised != g_value_get_boolean (value))
        {
          self->normalised = g_value_get_boolean (value);
          ht_diff_charts_view_update (HT_COMPARISON_VIEW (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_diff_charts_view_dispose (GObject *object)
{
  HtDiffChartsView *self = (HtDiffChartsView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_DIFF_CHARTS_VIEW);
  g_clear_pointer (&self->overlay, ht_chart_overlay_free);

  G_OBJECT_CLASS (ht_diff_charts_view_parent_class)->dispose (object);
}

static void
ht_diff_charts_view_class_init (HtDiffChartsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_diff_charts_view_dispose;
  object_class->get_property = ht_diff_charts_view_get_property;
  object_class->set_property = ht_diff_charts_view_set_property;
  HT_COMPARISON_VIEW_CLASS (klass)->update = ht_diff_charts_view_update;

  /* HT_COST_PEAK for the consumed bytes, HT_COST_ALLOCATIONS or HT_COST_TEMPORARY */
  properties [PROP_COST_TYPE] =
    g_param_spec_enum ("cost-type", NULL, NULL, HT_TYPE_COST_TYPE, HT_COST_PEAK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* each run's time as a share of its runtime (docs/figures.md §21.11) */
  properties [PROP_NORMALISED] =
    g_param_spec_boolean ("normalised", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-diff-charts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtDiffChartsView, box);
  gtk_widget_class_bind_template_child (widget_class, HtDiffChartsView, consumed_button);
  gtk_widget_class_bind_template_child (widget_class, HtDiffChartsView, allocations_button);
  gtk_widget_class_bind_template_child (widget_class, HtDiffChartsView, temporary_button);
  gtk_widget_class_bind_template_child (widget_class, HtDiffChartsView, normalised_button);
  gtk_widget_class_bind_template_child (widget_class, HtDiffChartsView, chart);
  gtk_widget_class_bind_template_callback (widget_class, cost_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
}

static void
ht_diff_charts_view_init (HtDiffChartsView *self)
{
  self->cost_type = HT_COST_PEAK;
  self->cursor = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->chart, draw_cb, self, NULL);
  ht_comparison_view_follow_style (GTK_WIDGET (self->chart));
  g_object_bind_property (self, "normalised", self->normalised_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}
