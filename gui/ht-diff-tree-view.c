/* ht-diff-tree-view.c: a paired call tree (bottom-up or top-down), or
 * every function with its callers and callees, with both traces' costs
 * and their changes, the largest change first
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-diff-tree-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-cost-column.h"
#include "ht-diff-item.h"
#include "ht-diff-tree-view.h"

typedef enum
{
  COLUMN_A,
  COLUMN_B,
  COLUMN_DELTA,
  COLUMN_PERCENT,
} ColumnKind;

struct _HtDiffTreeView
{
  HtComparisonView    parent_instance;

  /* Template widgets */
  GtkWidget          *box;  /* the root, for dispose_template */
  GtkToggleButton    *bottom_up_button;
  GtkToggleButton    *top_down_button;
  GtkToggleButton    *caller_callee_button;
  GtkDropDown        *cost_dropdown;
  GtkSpinButton      *threshold_spin;
  GtkColumnView      *column_view;
  GtkWidget          *links_box;     /* the callers and callees, for caller/callee */
  GtkColumnView      *callers_view;
  GtkColumnView      *callees_view;

  /* Owned references */
  GtkCustomSorter    *sorter;
  GtkCustomFilter    *filter;     /* leaves out the changes below the noise threshold */
  GtkSingleSelection *selection;  /* NULL until a comparison is shown */
};

G_DEFINE_FINAL_TYPE (HtDiffTreeView, ht_diff_tree_view, HT_TYPE_COMPARISON_VIEW)

static HtCostType
cost_type (HtDiffTreeView *self)
{
  return ht_comparison_view_cost_at (gtk_drop_down_get_selected (self->cost_dropdown));
}

static void
setup_cost_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, ht_cost_label_new ());
}

static void
set_change_style (GtkWidget *label,
                  HtChange   change)
{
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  if (change != HT_CHANGE_NONE)
    gtk_widget_add_css_class (label, change == HT_CHANGE_WORSE ? "error" : "success");
}

/* The view is the factory's data: the cost is the one chosen, and a new
 * choice makes the model anew, which binds every row again */
static void
bind_cost_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              HtDiffTreeView           *self)
{
  HtComparison *comparison = ht_comparison_view_get_comparison (HT_COMPARISON_VIEW (self));
  ColumnKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "ht-column-kind"));
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autoptr(HtDiffItem) item = ht_list_item_unwrap (gtk_list_item_get_item (list_item));
  HtCostType type = cost_type (self);
  double a = ht_diff_item_get_value (item, HT_DIFF_A, type);
  double delta = ht_diff_item_get_delta (item, type);
  HtChange change = delta > 0 ? HT_CHANGE_WORSE : delta < 0 ? HT_CHANGE_BETTER : HT_CHANGE_NONE;
  g_autofree char *text = NULL;

  switch (kind)
    {
    case COLUMN_A:
      text = ht_comparison_format_value (comparison, type, a);
      break;
    case COLUMN_B:
      text = ht_comparison_format_value (comparison, type, ht_diff_item_get_value (item, HT_DIFF_B, type));
      break;
    case COLUMN_DELTA:
      text = ht_comparison_format_delta (comparison, type, delta, NULL);
      break;
    case COLUMN_PERCENT:
    default:
      text = ht_comparison_format_percent (a, delta);
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  set_change_style (label, kind >= COLUMN_DELTA ? change : HT_CHANGE_NONE);
}

static GtkColumnViewColumn *
cost_column_new (HtDiffTreeView *self,
                 const char     *title,
                 ColumnKind      kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "ht-column-kind", GUINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cost_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cost_cb), self);
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_fixed_width (column, kind == COLUMN_PERCENT ? 90 : 120);
  gtk_column_view_column_set_resizable (column, TRUE);
  return column;
}

/* Added and removed in words, so that colour is not the only sign */
static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autoptr(HtDiffItem) item = ht_list_item_unwrap (gtk_list_item_get_item (list_item));
  HtDiffStatus status = ht_diff_item_get_status (item);

  gtk_label_set_text (GTK_LABEL (label), status == HT_DIFF_ADDED ? _("added")
                                         : status == HT_DIFF_REMOVED ? _("removed") : "");
  set_change_style (label, status == HT_DIFF_ADDED ? HT_CHANGE_WORSE
                           : status == HT_DIFF_REMOVED ? HT_CHANGE_BETTER : HT_CHANGE_NONE);
}

static void
setup_status_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_list_item_set_child (list_item, label);
}

static char *
dup_name (gpointer item)
{
  return g_strdup (ht_diff_item_get_name (item));
}

static void
add_columns (HtDiffTreeView *self,
             GtkColumnView  *view)
{
  g_autoptr(GtkColumnViewColumn) location = ht_location_column_new (_("Location"),
                                                                    (HtNameGetter) ht_diff_item_get_name,
                                                                    dup_name,
                                                                    (HtTextGetter) ht_diff_item_dup_location);
  g_autoptr(GtkListItemFactory) status_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) status = NULL;
  static const struct
  {
    const char *title;
    ColumnKind  kind;
  } costs[] = {
    /* Translators: the column of the base trace's cost */
    { N_("A"), COLUMN_A },
    /* Translators: the column of the new trace's cost */
    { N_("B"), COLUMN_B },
    /* Translators: the column of the change, B − A */
    { N_("Δ"), COLUMN_DELTA },
    /* Translators: the column of the change in per cent of A */
    { N_("Δ %"), COLUMN_PERCENT },
  };

  /* the order is the largest change of the chosen cost, not a column's */
  gtk_column_view_column_set_sorter (location, NULL);
  gtk_column_view_append_column (view, location);
  g_signal_connect (status_factory, "setup", G_CALLBACK (setup_status_cb), NULL);
  g_signal_connect (status_factory, "bind", G_CALLBACK (bind_status_cb), NULL);
  status = gtk_column_view_column_new (_("Status"), g_object_ref (status_factory));
  gtk_column_view_column_set_fixed_width (status, 90);
  gtk_column_view_append_column (view, status);
  for (guint i = 0; i < G_N_ELEMENTS (costs); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = cost_column_new (self, _(costs[i].title), costs[i].kind);

      gtk_column_view_append_column (view, column);
    }
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  return ht_diff_item_compare ((HtDiffItem *) a, (HtDiffItem *) b, cost_type (user_data));
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  return !ht_diff_item_is_noise (item, cost_type (user_data));
}

static GListModel *
filtered (HtDiffTreeView *self,
          GListModel     *model)
{
  return G_LIST_MODEL (gtk_filter_list_model_new (model, GTK_FILTER (g_object_ref (self->filter))));
}

/* The callers or callees of the function selected, as the list shows its
 * functions: filtered by noise, the largest change first */
static void
show_links (HtDiffTreeView *self,
            GtkColumnView  *view,
            HtDiffItem     *item,
            gboolean        callers)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  if (item != NULL)
    {
      GListModel *links = filtered (self, ht_diff_item_list_links (item, callers));
      GtkSortListModel *sorted = gtk_sort_list_model_new (links, GTK_SORTER (g_object_ref (self->sorter)));

      selection = gtk_no_selection_new (G_LIST_MODEL (sorted));
    }
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

static void
selection_changed_cb (HtDiffTreeView *self)
{
  gpointer selected = self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  g_autoptr(HtDiffItem) item = selected != NULL ? ht_list_item_unwrap (selected) : NULL;
  gboolean caller_callee = gtk_toggle_button_get_active (self->caller_callee_button);

  show_links (self, self->callers_view, caller_callee ? item : NULL, TRUE);
  show_links (self, self->callees_view, caller_callee ? item : NULL, FALSE);
}

/* A caller or callee activated: that function, selected in the list */
static void
link_activated_cb (HtDiffTreeView *self,
                   guint           position,
                   GtkColumnView  *view)
{
  g_autoptr(HtDiffItem) link = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), position);
  GListModel *rows = G_LIST_MODEL (self->selection);

  for (guint i = 0; link != NULL && rows != NULL && i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autoptr(HtDiffItem) item = ht_list_item_unwrap (row);

      if (ht_diff_item_get_symbol (item) == ht_diff_item_get_symbol (link))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListModel *children = ht_diff_item_list_children (item);

  return children != NULL ? filtered (user_data, children) : NULL;
}

/* Makes the rows anew: after another tree, cost, a swap or normalising,
 * every row's figures and place may differ; caller/callee is a flat list
 * of the functions */
static void
reload (HtDiffTreeView *self)
{
  HtComparison *comparison = ht_comparison_view_get_comparison (HT_COMPARISON_VIEW (self));
  g_autoptr(GtkTreeListRowSorter) row_sorter = NULL;
  gboolean caller_callee = gtk_toggle_button_get_active (self->caller_callee_button);
  GListModel *roots;
  GtkTreeListModel *tree;
  GtkSortListModel *sorted;

  g_assert (HT_IS_DIFF_TREE_VIEW (self));

  gtk_widget_set_visible (self->links_box, caller_callee);
  if (comparison == NULL)
    return;
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  roots = caller_callee ? ht_diff_item_list_functions (comparison)
                        : ht_diff_item_list_roots (comparison, gtk_toggle_button_get_active (self->top_down_button));
  tree = gtk_tree_list_model_new (filtered (self, roots), FALSE, FALSE, create_children_cb, self, NULL);
  row_sorter = gtk_tree_list_row_sorter_new (GTK_SORTER (g_object_ref (self->sorter)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (tree), GTK_SORTER (g_steal_pointer (&row_sorter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  selection_changed_cb (self);
}

/* The comparison was set, swapped or normalised otherwise */
static void
ht_diff_tree_view_update (HtComparisonView *view)
{
  HtDiffTreeView *self = HT_DIFF_TREE_VIEW (view);

  ht_comparison_view_title_costs (self->cost_dropdown, ht_comparison_view_get_comparison (view));
  reload (self);
}

/* The group's button turned on: each choice toggles two */
static void
tree_toggled_cb (HtDiffTreeView  *self,
                 GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    reload (self);
}

static void
cost_changed_cb (HtDiffTreeView *self)
{
  reload (self);
}

/* The comparison's noise threshold, which reloads the tree */
static void
threshold_changed_cb (HtDiffTreeView *self)
{
  HtComparison *comparison = ht_comparison_view_get_comparison (HT_COMPARISON_VIEW (self));

  if (comparison != NULL)
    ht_comparison_set_noise_threshold (comparison, gtk_spin_button_get_value (self->threshold_spin) / 100);
}

void
ht_diff_tree_view_set_top_down (HtDiffTreeView *self,
                                gboolean        top_down)
{
  g_return_if_fail (HT_IS_DIFF_TREE_VIEW (self));

  gtk_toggle_button_set_active (top_down ? self->top_down_button : self->bottom_up_button, TRUE);
}

/* Every function in a flat list, the selected one's callers and callees
 * below */
void
ht_diff_tree_view_show_caller_callee (HtDiffTreeView *self)
{
  g_return_if_fail (HT_IS_DIFF_TREE_VIEW (self));

  gtk_toggle_button_set_active (self->caller_callee_button, TRUE);
}

/* The callers or the callees shown, HtDiffItems; %NULL when no function
 * is selected in the caller/callee view */
GListModel *
ht_diff_tree_view_get_links (HtDiffTreeView *self,
                             gboolean        callers)
{
  g_return_val_if_fail (HT_IS_DIFF_TREE_VIEW (self), NULL);

  return G_LIST_MODEL (gtk_column_view_get_model (callers ? self->callers_view : self->callees_view));
}

void
ht_diff_tree_view_set_cost_type (HtDiffTreeView *self,
                                 HtCostType      type)
{
  g_return_if_fail (HT_IS_DIFF_TREE_VIEW (self));

  gtk_drop_down_set_selected (self->cost_dropdown, ht_comparison_view_cost_position (type));
}

/* Leaves out the changes below @percent of the larger trace's total */
void
ht_diff_tree_view_set_threshold (HtDiffTreeView *self,
                                 double          percent)
{
  g_return_if_fail (HT_IS_DIFF_TREE_VIEW (self));

  gtk_spin_button_set_value (self->threshold_spin, percent);
}

/* The rows as shown, GtkTreeListRows of HtDiffItems; %NULL before a
 * comparison is */
GListModel *
ht_diff_tree_view_get_rows (HtDiffTreeView *self)
{
  g_return_val_if_fail (HT_IS_DIFF_TREE_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

static void
ht_diff_tree_view_dispose (GObject *object)
{
  HtDiffTreeView *self = (HtDiffTreeView *) object;

  if (self->column_view != NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      gtk_column_view_set_model (self->callers_view, NULL);
      gtk_column_view_set_model (self->callees_view, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_DIFF_TREE_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (ht_diff_tree_view_parent_class)->dispose (object);
}

static void
ht_diff_tree_view_class_init (HtDiffTreeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtComparisonViewClass *view_class = HT_COMPARISON_VIEW_CLASS (klass);

  object_class->dispose = ht_diff_tree_view_dispose;
  view_class->update = ht_diff_tree_view_update;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-diff-tree-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, box);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, bottom_up_button);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, top_down_button);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, caller_callee_button);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, links_box);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, callers_view);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, callees_view);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, cost_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, HtDiffTreeView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, tree_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, cost_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, threshold_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_activated_cb);
}

static void
ht_diff_tree_view_init (HtDiffTreeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sorter = gtk_custom_sorter_new (compare_cb, self, NULL);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  add_columns (self, self->column_view);
  add_columns (self, self->callers_view);
  add_columns (self, self->callees_view);
}
