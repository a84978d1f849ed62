/* ht-cost-column.c: the columns shared by the tree and list views: one
 * cost, or the location (function name, file:line and module)
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-cost-column"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-cost-column.h"
#include "ht-summary.h"

typedef struct
{
  HtCostType   type;
  HtCostGetter getter;
} Column;

/* A cost column's HtCostType plus one, on the GtkColumnViewColumn */
static GQuark
cost_type_quark (void)
{
  return g_quark_from_static_string ("ht-cost-type");
}

/* GTK 4.8 makes gtk_widget_set_tooltip_text () cost far more than the rest
 * of a cell: tooltips are asked for when shown instead, from text kept on
 * the widget. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "ht-tooltip");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
lazy_tooltip_init (GtkWidget *widget)
{
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

static void
lazy_tooltip_set (GtkWidget  *widget,
                  const char *text)
{
  g_object_set_data_full (G_OBJECT (widget), "ht-tooltip", g_strdup (text), g_free);
}

/**
 * ht_widget_set_lazy_tooltip:
 *
 * gtk_widget_set_tooltip_text () for widgets made by the dozen (a view's
 * rows): the text is asked for when the tooltip shows. Call it once per
 * widget.
 */
void
ht_widget_set_lazy_tooltip (GtkWidget  *widget,
                            const char *text)
{
  lazy_tooltip_init (widget);
  lazy_tooltip_set (widget, text);
}

/**
 * ht_list_item_unwrap:
 * @item: a list item's item: a GtkTreeListRow in a tree, else the item itself
 *
 * Returns: (transfer full): the item a tree's row holds, or @item
 */
gpointer
ht_list_item_unwrap (gpointer item)
{
  if (GTK_IS_TREE_LIST_ROW (item))
    return gtk_tree_list_row_get_item (item);
  return g_object_ref (item);
}

/* A cost's cell: right-aligned, in figures of one width */
GtkWidget *
ht_cost_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *label = ht_cost_label_new ();

  lazy_tooltip_init (label);
  gtk_list_item_set_child (list_item, label);
}

/* Bytes in human units with the exact value in the tooltip; counts as they are */
static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  Column *column = user_data;
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autoptr(GObject) item = ht_list_item_unwrap (gtk_list_item_get_item (list_item));
  gint64 value = ht_cost_get (column->getter (item), column->type);
  g_autofree char *exact = ht_format_count (value);

  if (column->type == HT_COST_PEAK || column->type == HT_COST_LEAKED)
    {
      g_autofree char *text = ht_format_size (value);
      g_autofree char *tooltip = g_strdup_printf (ngettext ("%s byte", "%s bytes",
                                                            (gulong) MIN (ht_bytes_magnitude (value), G_MAXLONG)),
                                                  exact);

      gtk_label_set_text (GTK_LABEL (label), text);
      lazy_tooltip_set (label, tooltip);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), exact);
      lazy_tooltip_set (label, NULL);
    }
}

/* Ascending by the cost's size: views sort descending to show the largest first */
static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  Column *column = user_data;
  guint64 x = ht_bytes_magnitude (ht_cost_get (column->getter ((gpointer) a), column->type));
  guint64 y = ht_bytes_magnitude (ht_cost_get (column->getter ((gpointer) b), column->type));

  return x < y ? -1 : x > y;
}

/**
 * ht_cost_column_new:
 *
 * Returns: (transfer full): a sortable, right-aligned column of @type
 */
GtkColumnViewColumn *
ht_cost_column_new (const char   *title,
                    HtCostType    type,
                    HtCostGetter  getter)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkCustomSorter) sorter = NULL;
  GtkColumnViewColumn *column;
  Column *data = g_new (Column, 1);

  data->type = type;
  data->getter = getter;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cb), data, (GClosureNotify) (void (*) (void)) g_free, 0);
  sorter = gtk_custom_sorter_new (compare_cb, data, NULL);

  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_fixed_width (column, 110);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  g_object_set_qdata (G_OBJECT (column), cost_type_quark (), GUINT_TO_POINTER (type + 1));
  return column;
}

/**
 * ht_column_view_sort_by_cost:
 *
 * Sorts @view by its first column of @type, largest first.
 *
 * Returns: %FALSE, and the order left as it was, if @view has no such column
 */
gboolean
ht_column_view_sort_by_cost (GtkColumnView *view,
                             HtCostType     type)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (column), cost_type_quark ())) == type + 1)
        {
          /* GTK 4.8 leaves the arrow on the header of the column sorted by
           * before unless the sort is cleared first */
          gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
          gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ht_column_view_title_leaked:
 * @analysis: what @view shows
 *
 * Names @view's columns of leaked memory for what that figure is in
 * @analysis: leaks at exit, the delta of a time window, or the memory live
 * at an instant.
 */
void
ht_column_view_title_leaked (GtkColumnView *view,
                             HtAnalysis    *analysis)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  const char *title = ht_summary_leaked_title (analysis);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (column), cost_type_quark ())) == HT_COST_LEAKED + 1)
        gtk_column_view_column_set_title (column, title);
    }
}

typedef struct
{
  HtNameGetter name;
  HtTextGetter full_name;
  HtTextGetter location;
} LocationColumn;

/* An expander (it shows nothing outside trees), the function name and,
 * dimmed, file:line and module */
static void
setup_location_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (where, "dim-label");
  gtk_widget_set_hexpand (where, TRUE);
  lazy_tooltip_init (name);
  lazy_tooltip_init (where);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), where);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_location_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  LocationColumn *column = user_data;
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  GtkWidget *name = gtk_widget_get_first_child (gtk_tree_expander_get_child (expander));
  GtkWidget *where = gtk_widget_get_next_sibling (name);
  gpointer row = gtk_list_item_get_item (list_item);
  g_autoptr(GObject) item = ht_list_item_unwrap (row);
  g_autofree char *location = column->location (item);
  g_autofree char *full_name = column->full_name (item);

  gtk_tree_expander_set_list_row (expander, GTK_IS_TREE_LIST_ROW (row) ? row : NULL);
  gtk_label_set_text (GTK_LABEL (name), column->name (item));
  lazy_tooltip_set (name, full_name);
  gtk_label_set_text (GTK_LABEL (where), location);
  lazy_tooltip_set (where, location);
}

static int
compare_name_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  LocationColumn *column = user_data;

  return g_strcmp0 (column->name ((gpointer) a), column->name ((gpointer) b));
}

/**
 * ht_location_column_new:
 *
 * Returns: (transfer full): an expanding column of the location, sortable by name
 */
GtkColumnViewColumn *
ht_location_column_new (const char   *title,
                        HtNameGetter  name,
                        HtTextGetter  full_name,
                        HtTextGetter  location)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkCustomSorter) sorter = NULL;
  GtkColumnViewColumn *column;
  LocationColumn *data = g_new (LocationColumn, 1);

  data->name = name;
  data->full_name = full_name;
  data->location = location;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_location_cb), NULL);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_location_cb), data,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  sorter = gtk_custom_sorter_new (compare_name_cb, data, NULL);

  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  return column;
}
