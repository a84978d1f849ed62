/* ht-diff-flame-graph-view.c: a comparison's differential flame graph
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flame graph area of a trace's view, showing the paired tree of a
 * comparison (ht-diff-flame.c): shaped by B or, negated, by A, each frame
 * coloured by how its total or its own cost changed, with the legend of
 * the colours under it. The choices are properties the toolbar's buttons
 * are bound to; the view only hands them to the model and the area.
 */

#define G_LOG_DOMAIN "ht-diff-flame-graph-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-diff-flame-graph-view.h"
#include "ht-diff-flame.h"
#include "ht-flame-graph-painter.h"

struct _HtDiffFlameGraphView
{
  HtComparisonView  parent_instance;

  /* Template widgets */
  GtkWidget        *box;  /* the root, for dispose_template */
  GtkDropDown      *cost_dropdown;
  HtFlameGraphArea *area;
  GtkStack         *stack;
  GtkDrawingArea   *legend;

  HtDiffFlame       flame;  /* what the area shows, its comparison the view's, borrowed */
};

enum {
  PROP_0,
  PROP_NEGATED,
  PROP_SELF_CHANGE,
  PROP_TOP_DOWN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtDiffFlameGraphView, ht_diff_flame_graph_view, HT_TYPE_COMPARISON_VIEW)

/* The paired tree of the chosen direction, whole */
static void
show_tree (HtDiffFlameGraphView *self)
{
  if (self->flame.comparison != NULL)
    ht_flame_graph_area_set_source (self->area, &ht_diff_flame_source, &self->flame,
                                    ht_diff_flame_get_root (&self->flame));
}

/* Nothing of the chosen cost in the shaping trace: said in words */
static void
empty_changed_cb (HtDiffFlameGraphView *self)
{
  gboolean empty;

  g_object_get (self->area, "empty", &empty, NULL);
  /* an empty page before the comparison is loaded would only flash */
  gtk_stack_set_visible_child_name (self->stack, empty && self->flame.comparison != NULL ? "empty" : "graph");
}

static void
cost_changed_cb (HtDiffFlameGraphView *self)
{
  g_object_set (self->area, "cost-type",
                ht_comparison_view_cost_at (gtk_drop_down_get_selected (self->cost_dropdown)), NULL);
}

static void
search_changed_cb (HtDiffFlameGraphView *self,
                   GtkSearchEntry       *entry)
{
  g_object_set (self->area, "search-text", gtk_editable_get_text (GTK_EDITABLE (entry)), NULL);
}

static void
back_clicked_cb (HtDiffFlameGraphView *self)
{
  ht_flame_graph_area_back (self->area);
}

static void
reset_clicked_cb (HtDiffFlameGraphView *self)
{
  ht_flame_graph_area_reset (self->area);
}

/* The comparison was set; or a swap, the normalisation or the noise
 * threshold changed what its frames show */
static void
ht_diff_flame_graph_view_update (HtComparisonView *view)
{
  HtDiffFlameGraphView *self = HT_DIFF_FLAME_GRAPH_VIEW (view);
  HtComparison *comparison = ht_comparison_view_get_comparison (view);

  ht_comparison_view_title_costs (self->cost_dropdown, comparison);
  if (self->flame.comparison != comparison)
    {
      self->flame.comparison = comparison;
      show_tree (self);
      empty_changed_cb (self);
    }
  else if (comparison != NULL)
    ht_flame_graph_area_source_changed (self->area);
}

static void
draw_legend (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  ht_flame_graph_paint_change_legend (cr, width, height, ht_comparison_view_is_dark ());
}

static void
ht_diff_flame_graph_view_dispose (GObject *object)
{
  HtDiffFlameGraphView *self = (HtDiffFlameGraphView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_DIFF_FLAME_GRAPH_VIEW);
  self->flame.comparison = NULL;

  G_OBJECT_CLASS (ht_diff_flame_graph_view_parent_class)->dispose (object);
}

static void
ht_diff_flame_graph_view_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  HtDiffFlameGraphView *self = HT_DIFF_FLAME_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_NEGATED:
      g_value_set_boolean (value, self->flame.shape == HT_DIFF_A);
      break;

    case PROP_SELF_CHANGE:
      g_value_set_boolean (value, self->flame.self_change);
      break;

    case PROP_TOP_DOWN:
      g_value_set_boolean (value, self->flame.top_down);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_diff_flame_graph_view_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  HtDiffFlameGraphView *self = HT_DIFF_FLAME_GRAPH_VIEW (object);
  gboolean on = g_value_get_boolean (value);

  switch (prop_id)
    {
    case PROP_NEGATED:
      if ((self->flame.shape == HT_DIFF_A) == on)
        return;
      self->flame.shape = on ? HT_DIFF_A : HT_DIFF_B;
      break;

    case PROP_SELF_CHANGE:
      if (self->flame.self_change == on)
        return;
      self->flame.self_change = on;
      break;

    case PROP_TOP_DOWN:
      if (self->flame.top_down == on)
        return;
      self->flame.top_down = on;
      /* another tree: its nodes are not the zoom's */
      show_tree (self);
      g_object_notify_by_pspec (object, pspec);
      return;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  /* the same tree, other widths or colours; the zoom stays where it shows something */
  if (self->flame.comparison != NULL)
    ht_flame_graph_area_source_changed (self->area);
  g_object_notify_by_pspec (object, pspec);
}

static void
ht_diff_flame_graph_view_class_init (HtDiffFlameGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtComparisonViewClass *view_class = HT_COMPARISON_VIEW_CLASS (klass);

  object_class->dispose = ht_diff_flame_graph_view_dispose;
  object_class->get_property = ht_diff_flame_graph_view_get_property;
  object_class->set_property = ht_diff_flame_graph_view_set_property;
  view_class->update = ht_diff_flame_graph_view_update;

  /* shaped by A, showing what was removed, not by B */
  properties [PROP_NEGATED] =
    g_param_spec_boolean ("negated", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* coloured by the change of each frame's own cost, not its total's */
  properties [PROP_SELF_CHANGE] =
    g_param_spec_boolean ("self-change", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* callers at the base, not the allocating functions */
  properties [PROP_TOP_DOWN] =
    g_param_spec_boolean ("top-down", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_FLAME_GRAPH_AREA);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-diff-flame-graph-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtDiffFlameGraphView, box);
  gtk_widget_class_bind_template_child (widget_class, HtDiffFlameGraphView, cost_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HtDiffFlameGraphView, area);
  gtk_widget_class_bind_template_child (widget_class, HtDiffFlameGraphView, stack);
  gtk_widget_class_bind_template_child (widget_class, HtDiffFlameGraphView, legend);
  gtk_widget_class_bind_template_callback (widget_class, cost_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, empty_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ht_diff_flame_graph_view_init (HtDiffFlameGraphView *self)
{
  self->flame.top_down = TRUE;
  self->flame.shape = HT_DIFF_B;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->legend, draw_legend, NULL, NULL);
  ht_comparison_view_follow_style (GTK_WIDGET (self->legend));
}

HtFlameGraphArea *
ht_diff_flame_graph_view_get_area (HtDiffFlameGraphView *self)
{
  g_return_val_if_fail (HT_IS_DIFF_FLAME_GRAPH_VIEW (self), NULL);

  return self->area;
}
