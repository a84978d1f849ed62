/* ht-diff-histogram-view.c: both traces' calls by requested size, mirrored
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picture is ht_histogram_mirror_paint ()'s, of the comparison's
 * HtHistogramOverlay; this widget marks the bucket under the pointer and
 * names both traces' calls in it in a tooltip.
 */

#define G_LOG_DOMAIN "ht-diff-histogram-view"

#include "config.h"

#include "ht-diff-histogram-view.h"
#include "ht-histogram-painter.h"

struct _HtDiffHistogramView
{
  HtComparisonView    parent_instance;

  /* Template widgets */
  GtkWidget          *box;  /* the root, for dispose_template */
  GtkDrawingArea     *chart;

  /* Owned references */
  HtHistogramOverlay *overlay;  /* NULL without a comparison */

  int                 hovered;  /* the bucket under the pointer, or -1 */
};

G_DEFINE_FINAL_TYPE (HtDiffHistogramView, ht_diff_histogram_view, HT_TYPE_COMPARISON_VIEW)

/* The bucket whose column holds (@x, @y), or -1; its column in @column */
static int
bucket_at (HtDiffHistogramView *self,
           double               x,
           double               y,
           double               column[4])
{
  HtHistogramGeometry g;
  int bucket;

  if (self->overlay == NULL)
    return -1;
  ht_histogram_mirror_geometry (self->overlay, gtk_widget_get_width (GTK_WIDGET (self->chart)),
                                gtk_widget_get_height (GTK_WIDGET (self->chart)), &g);
  bucket = ht_histogram_geometry_bucket_at (&g, x, y);
  if (bucket >= 0)
    ht_histogram_geometry_column (&g, bucket, column);
  return bucket;
}

/* The band behind the column under the pointer */
static void
set_hovered (HtDiffHistogramView *self,
             int                  bucket)
{
  if (bucket == self->hovered)
    return;
  self->hovered = bucket;
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
ht_diff_histogram_view_update (HtComparisonView *view)
{
  HtDiffHistogramView *self = HT_DIFF_HISTOGRAM_VIEW (view);
  HtComparison *comparison = ht_comparison_view_get_comparison (view);

  g_clear_pointer (&self->overlay, ht_histogram_overlay_free);
  if (comparison != NULL)
    self->overlay = ht_comparison_histogram_overlay (comparison);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  HtDiffHistogramView *self = user_data;

  if (self->overlay != NULL)
    ht_histogram_mirror_paint (cr, self->overlay, width, height,
                               &(HtHistogramPaintOptions) { ht_comparison_view_is_dark (), -1, self->hovered });
}

static void
motion_cb (HtDiffHistogramView      *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  double column[4];

  set_hovered (self, bucket_at (self, x, y, column));
}

static void
leave_cb (HtDiffHistogramView      *self,
          GtkEventControllerMotion *controller)
{
  set_hovered (self, -1);
}

static gboolean
query_tooltip_cb (HtDiffHistogramView *self,
                  int                  x,
                  int                  y,
                  gboolean             keyboard_mode,
                  GtkTooltip          *tooltip,
                  GtkWidget           *widget)
{
  g_autofree char *text = NULL;
  double column[4];
  int bucket = bucket_at (self, x, y, column);

  if (bucket < 0 || keyboard_mode)
    return FALSE;
  text = ht_histogram_overlay_describe (self->overlay, bucket);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) column[0], (int) column[1],
                                                       MAX (1, (int) column[2]), (int) column[3] });
  return TRUE;
}

/* %NULL until a comparison is shown */
const HtHistogramOverlay *
ht_diff_histogram_view_get_overlay (HtDiffHistogramView *self)
{
  g_return_val_if_fail (HT_IS_DIFF_HISTOGRAM_VIEW (self), NULL);

  return self->overlay;
}

static void
ht_diff_histogram_view_dispose (GObject *object)
{
  HtDiffHistogramView *self = (HtDiffHistogramView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_DIFF_HISTOGRAM_VIEW);
  g_clear_pointer (&self->overlay, ht_histogram_overlay_free);

  G_OBJECT_CLASS (ht_diff_histogram_view_parent_class)->dispose (object);
}

static void
ht_diff_histogram_view_class_init (HtDiffHistogramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_diff_histogram_view_dispose;
  HT_COMPARISON_VIEW_CLASS (klass)->update = ht_diff_histogram_view_update;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-diff-histogram-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtDiffHistogramView, box);
  gtk_widget_class_bind_template_child (widget_class, HtDiffHistogramView, chart);
  gtk_widget_class_bind_template_callback (widget_class, motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
}

static void
ht_diff_histogram_view_init (HtDiffHistogramView *self)
{
  self->hovered = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->chart, draw_cb, self, NULL);
  ht_comparison_view_follow_style (GTK_WIDGET (self->chart));
}
