/* ht-diff-summary-view.c: the figures of two traces side by side, with
 * their changes, how much of them paired, and each trace's warnings
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-diff-summary-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-diff-summary-view.h"

/* Unmatched sites above this share of a side's make the traces look unrelated */
#define LITTLE_MATCHED 0.5

struct _HtDiffSummaryView
{
  HtComparisonView  parent_instance;

  /* Template widgets */
  GtkWidget        *scroller;  /* the root, for dispose_template */
  GtkGrid          *grid;
  GtkWidget        *matching_group;
  GtkWidget        *warnings_group;

  /* Owned references */
  GPtrArray        *rows;      /* GtkWidget*, of the two groups, to remove on an update */
};

G_DEFINE_FINAL_TYPE (HtDiffSummaryView, ht_diff_summary_view, HT_TYPE_COMPARISON_VIEW)

static GtkWidget *
cell (GtkGrid    *grid,
      const char *text,
      int         column,
      int         row)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  if (column == 0)
    gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static void
fill_grid (HtDiffSummaryView *self)
{
  HtComparison *comparison = ht_comparison_view_get_comparison (HT_COMPARISON_VIEW (self));
  g_autoptr(GPtrArray) lines = ht_comparison_summary_lines (comparison);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      g_autofree char *title = ht_comparison_side_label (comparison, side);
      g_autofree char *path = ht_comparison_describe_side (comparison, side);
      GtkWidget *heading = cell (self->grid, title, 1 + side, 0);

      gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (heading), 20);
      gtk_widget_set_tooltip_text (heading, path);
    }
  cell (self->grid, _("Change"), 3, 0);
  cell (self->grid, _("Change in %"), 4, 0);
  for (GtkWidget *heading = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); heading != NULL;
       heading = gtk_widget_get_next_sibling (heading))
    gtk_widget_add_css_class (heading, "heading");

  for (guint i = 0; i < lines->len; i++)
    {
      HtComparisonLine *line = g_ptr_array_index (lines, i);
      GtkWidget *delta, *percent;

      cell (self->grid, line->label, 0, i + 1);
      cell (self->grid, line->a, 1, i + 1);
      cell (self->grid, line->b, 2, i + 1);
      delta = cell (self->grid, line->delta, 3, i + 1);
      percent = cell (self->grid, line->percent, 4, i + 1);
      /* the arrow in the text says the same for those who do not see colours */
      if (line->change != HT_CHANGE_NONE)
        {
          const char *style = line->change == HT_CHANGE_WORSE ? "error" : "success";

          gtk_widget_add_css_class (delta, style);
          gtk_widget_add_css_class (percent, style);
          gtk_widget_set_tooltip_text (delta, line->change == HT_CHANGE_WORSE ? _("Worse") : _("Better"));
        }
    }
}

static void
add_row (HtDiffSummaryView *self,
         GtkWidget         *group,
         const char        *title,
         const char        *subtitle,
         const char        *icon)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (icon != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (HtDiffSummaryView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

/* Traces of unrelated programs or versions pair little: say how little,
 * so that the changes are read with that in mind */
static void
fill_matching (HtDiffSummaryView *self)
{
  HtComparison *comparison = ht_comparison_view_get_comparison (HT_COMPARISON_VIEW (self));
  HtDiff *diff = ht_comparison_get_diff (comparison);
  gboolean little = FALSE;

  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      const HtDiffSideInfo *info = &diff->side[side];
      g_autofree char *title = ht_comparison_side_label (comparison, side);
      g_autofree char *text = ht_comparison_unmatched_text (comparison, side);

      little |= info->n_sites > 0 && info->unmatched_sites > LITTLE_MATCHED * info->n_sites;
      add_row (self, self->matching_group, title, text, NULL);
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->matching_group),
                                         little ? _("Little of the two traces matched: they may be of "
                                                    "different programs or versions, and most changes in "
                                                    "the call trees are functions added or removed.")
                                                : NULL);
}

static void
fill_warnings (HtDiffSummaryView *self)
{
  HtComparison *comparison = ht_comparison_view_get_comparison (HT_COMPARISON_VIEW (self));
  HtDiff *diff = ht_comparison_get_diff (comparison);
  gboolean any = FALSE;

  for (HtDiffSide side = HT_DIFF_A; side <= HT_DIFF_B; side++)
    {
      const HtDiffSideInfo *info = &diff->side[side];
      g_autofree char *title = ht_comparison_side_label (comparison, side);

      /* a truncated trace is among them: the reader says so, up to which line */
      for (guint i = 0; i < info->warnings->len; i++)
        add_row (self, self->warnings_group, title, g_ptr_array_index (info->warnings, i),
                 "dialog-warning-symbolic");
      any |= info->warnings->len > 0;
    }
  gtk_widget_set_visible (self->warnings_group, any);
}

/* The comparison was set, swapped or normalised otherwise */
static void
ht_diff_summary_view_update (HtComparisonView *view)
{
  HtDiffSummaryView *self = HT_DIFF_SUMMARY_VIEW (view);

  clear_rows (self);
  if (ht_comparison_view_get_comparison (view) == NULL)
    return;
  fill_grid (self);
  fill_matching (self);
  fill_warnings (self);
}

/* The figures: a heading row, then a row per figure with its label, A, B,
 * the change and the change in per cent */
GtkGrid *
ht_diff_summary_view_get_grid (HtDiffSummaryView *self)
{
  g_return_val_if_fail (HT_IS_DIFF_SUMMARY_VIEW (self), NULL);

  return self->grid;
}

static void
ht_diff_summary_view_dispose (GObject *object)
{
  HtDiffSummaryView *self = (HtDiffSummaryView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_DIFF_SUMMARY_VIEW);

  G_OBJECT_CLASS (ht_diff_summary_view_parent_class)->dispose (object);
}

static void
ht_diff_summary_view_finalize (GObject *object)
{
  HtDiffSummaryView *self = (HtDiffSummaryView *) object;

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (ht_diff_summary_view_parent_class)->finalize (object);
}

static void
ht_diff_summary_view_class_init (HtDiffSummaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtComparisonViewClass *view_class = HT_COMPARISON_VIEW_CLASS (klass);

  object_class->dispose = ht_diff_summary_view_dispose;
  object_class->finalize = ht_diff_summary_view_finalize;
  view_class->update = ht_diff_summary_view_update;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-diff-summary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtDiffSummaryView, scroller);
  gtk_widget_class_bind_template_child (widget_class, HtDiffSummaryView, grid);
  gtk_widget_class_bind_template_child (widget_class, HtDiffSummaryView, matching_group);
  gtk_widget_class_bind_template_child (widget_class, HtDiffSummaryView, warnings_group);
}

static void
ht_diff_summary_view_init (HtDiffSummaryView *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->warnings_group, FALSE);
}
