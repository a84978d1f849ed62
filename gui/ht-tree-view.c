/* ht-tree-view.c: a call tree (bottom-up or top-down) with its costs
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-tree-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-cost-column.h"
#include "ht-settings.h"
#include "ht-summary.h"
#include "ht-tree-item.h"
#include "ht-tree-view.h"

struct _HtTreeView
{
  HtView              parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkWidget          *box;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkColumnView      *column_view;
  GtkLabel           *backtrace_label;
  GtkWidget          *open_button;

  /* Owned references */
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;     /* NULL until the tree is shown */
  GtkTreeListModel   *tree_model;
  HtCallTree         *tree;          /* owned by the session's document */
  GHashTable         *found;         /* the nodes the filter keeps, NULL: all */

  gboolean            top_down;
};

enum {
  PROP_0,
  PROP_TOP_DOWN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (HtTreeView, ht_tree_view, HT_TYPE_VIEW)

static const struct
{
  const char *title;
  HtCostType  type;
} cost_columns[] = {
  { N_("Peak"), HT_COST_PEAK },
  { N_("Leaked"), HT_COST_LEAKED },
  { N_("Allocations"), HT_COST_ALLOCATIONS },
  { N_("Temporary"), HT_COST_TEMPORARY },
};

/* Keeps the rows on the way to a match: the match itself or its ancestors */
static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  HtTreeView *self = user_data;

  if (self->found == NULL)
    return TRUE;
  return g_hash_table_contains (self->found, ht_tree_item_get_node (item));
}

static GListModel *
filtered (HtTreeView *self,
          GListModel *model)
{
  return G_LIST_MODEL (gtk_filter_list_model_new (model, g_object_ref (GTK_FILTER (self->filter))));
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListModel *children = ht_tree_item_list_children (item);

  return children ? filtered (user_data, children) : NULL;
}

static void
search_changed_cb (HtTreeView     *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_assert (HT_IS_TREE_VIEW (self));

  g_clear_pointer (&self->found, g_hash_table_unref);
  if (*text != '\0' && self->tree != NULL)
    {
      g_autofree char *needle = g_utf8_casefold (text, -1);

      self->found = ht_call_tree_find (self->tree, needle);
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static HtTreeItem *
selected_item (HtTreeView *self)
{
  GtkTreeListRow *row = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;

  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
open_clicked_cb (HtTreeView *self)
{
  g_autoptr(HtTreeItem) item = selected_item (self);
  const char *file = item ? ht_call_tree_node_get_file (ht_tree_item_get_tree (item),
                                                        ht_tree_item_get_node (item)) : NULL;

  if (file != NULL)
    ht_open_location (GTK_WIDGET (self), file, ht_call_tree_node_get_line (ht_tree_item_get_node (item)));
}

/* Backtraces shown for the selected row, the costliest first */
#define MAX_BACKTRACES 10

static void
append_frame (GString        *text,
              HtCallTree     *tree,
              HtCallTreeNode *node)
{
  g_autofree char *name = ht_call_tree_node_get_display_name (tree, node, FALSE);
  const char *file = ht_call_tree_node_get_file (tree, node);
  const char *module = ht_call_tree_node_get_module (tree, node);

  g_string_append_printf (text, "  %s\n", name);
  if (file != NULL)
    g_string_append_printf (text, "      at %s:%u\n", file, ht_call_tree_node_get_line (node));
  if (module != NULL)
    g_string_append_printf (text, "      in %s\n", module);
}

/* One backtrace, innermost frame first: the path from the tree's root to
 * @leaf, read from the root for bottom-up trees and from the leaf for top-down */
static void
append_backtrace (GString        *text,
                  HtCallTree     *tree,
                  HtCallTreeNode *leaf,
                  guint           index,
                  guint           count)
{
  const HtCost *cost = ht_call_tree_node_get_cost (leaf);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  g_autofree char *peak = ht_format_size (cost->peak);
  g_autofree char *calls = ht_format_count (cost->allocations);

  for (HtCallTreeNode *node = leaf; ht_call_tree_node_get_parent (node) != NULL;
       node = ht_call_tree_node_get_parent (node))
    g_ptr_array_add (path, node);

  if (index > 0)
    g_string_append_c (text, '\n');
  /* Translators: a heading: "Backtrace 1 of 3: 4.2 KiB peak, 12 allocations" */
  g_string_append_printf (text, _("Backtrace %u of %u: %s peak, %s allocations"), index + 1, count, peak, calls);
  g_string_append_c (text, '\n');
  for (guint i = 0; i < path->len; i++)
    append_frame (text, tree, g_ptr_array_index (path, ht_call_tree_is_top_down (tree) ? i : path->len - 1 - i));
}

/* The full backtraces through the selected node, the costliest by the
 * session's cost type first; the node's function becomes the session's
 * selected function. */
static void
selection_changed_cb (HtTreeView *self)
{
  HtSession *session = ht_view_get_session (HT_VIEW (self));
  g_autoptr(HtTreeItem) item = selected_item (self);
  GString *text = g_string_new (NULL);
  gboolean has_file = FALSE;

  g_assert (HT_IS_TREE_VIEW (self));

  if (item != NULL)
    {
      HtCallTree *tree = ht_tree_item_get_tree (item);
      HtCallTreeNode *node = ht_tree_item_get_node (item);
      g_autoptr(GPtrArray) leaves = ht_call_tree_node_list_backtraces (node, ht_session_get_cost_type (session),
                                                                       MAX_BACKTRACES);

      has_file = ht_call_tree_node_get_file (tree, node) != NULL;
      for (guint i = 0; i < leaves->len; i++)
        append_backtrace (text, tree, g_ptr_array_index (leaves, i), i, leaves->len);
      ht_session_select_symbol (session, ht_call_tree_node_get_symbol (tree, node));
    }
  gtk_label_set_text (self->backtrace_label,
                      text->len ? text->str : _("Select a row to see its backtrace."));
  gtk_widget_set_sensitive (self->open_button, has_file);
  g_string_free (text, TRUE);
}

static void
add_columns (HtTreeView *self)
{
  g_autoptr(GtkColumnViewColumn) location = ht_location_column_new (_("Location"),
                                                                    (HtNameGetter) ht_tree_item_get_name,
                                                                    (HtTextGetter) ht_tree_item_dup_full_name,
                                                                    (HtTextGetter) ht_tree_item_dup_location);

  gtk_column_view_append_column (self->column_view, location);

  for (guint i = 0; i < G_N_ELEMENTS (cost_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = ht_cost_column_new (_(cost_columns[i].title),
                                                                  cost_columns[i].type,
                                                                  (HtCostGetter) ht_tree_item_get_cost);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* The row of @item among the rows of @depth from @start on, before the
 * rows go back up a level; G_MAXUINT if none is */
static guint
find_row (GListModel     *rows,
          guint           start,
          guint           depth,
          HtCallTreeNode *node)
{
  for (guint i = start; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(HtTreeItem) item = NULL;
      guint row_depth = gtk_tree_list_row_get_depth (row);

      if (row_depth < depth)
        break;
      if (row_depth > depth)
        continue;
      item = gtk_tree_list_row_get_item (row);
      if (ht_tree_item_get_node (item) == node)
        return i;
    }
  return G_MAXUINT;
}

/* Opens the way to @node, selects its row and scrolls to it */
static void
reveal_node (HtTreeView     *self,
             HtCallTreeNode *node)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  GListModel *rows = G_LIST_MODEL (self->selection);
  guint position = 0;

  g_assert (HT_IS_TREE_VIEW (self));

  for (HtCallTreeNode *n = node; ht_call_tree_node_get_parent (n) != NULL; n = ht_call_tree_node_get_parent (n))
    g_ptr_array_insert (path, 0, n);
  for (guint depth = 0; depth < path->len; depth++)
    {
      g_autoptr(GtkTreeListRow) row = NULL;

      position = find_row (rows, depth == 0 ? 0 : position + 1, depth, g_ptr_array_index (path, depth));
      /* filtered away */
      if (position == G_MAXUINT)
        return;
      row = g_list_model_get_item (rows, position);
      if (depth + 1 < path->len)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  gtk_single_selection_set_selected (self->selection, position);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/**
 * ht_tree_view_show_selected_function:
 *
 * Opens the tree to the function another view selected (the session's
 * selected-function): its costliest node, selected and scrolled to. Called
 * by whoever leads the user here ("Show in Bottom-Up"); the tree does not
 * follow every selection by itself, as opening the way to a node deep in
 * a big tree builds many rows.
 */
void
ht_tree_view_show_selected_function (HtTreeView *self)
{
  HtSession *session;
  guint function;
  g_autoptr(HtTreeItem) shown = NULL;
  const HtCallSymbol *symbol;
  HtCallTreeNode *node;

  g_return_if_fail (HT_IS_TREE_VIEW (self));

  session = ht_view_get_session (HT_VIEW (self));
  if (self->selection == NULL || session == NULL)
    return;
  function = ht_session_get_selected_function (session);
  if (function == HT_SESSION_NO_FUNCTION)
    return;
  symbol = ht_caller_callee_get_symbol (ht_document_get_caller_callee (ht_view_get_document (HT_VIEW (self))),
                                        function);
  shown = selected_item (self);
  /* this view selected it */
  if (shown != NULL
      && memcmp (ht_call_tree_node_get_symbol (self->tree, ht_tree_item_get_node (shown)), symbol,
                 sizeof *symbol) == 0)
    return;
  node = ht_call_tree_find_symbol (self->tree, symbol, ht_session_get_cost_type (session));
  if (node != NULL)
    reveal_node (self, node);
}

/* Shows the session's tree, sorted by its cost type; the top-down tree with
 * its costliest path open */
static void
ht_tree_view_load (HtView *view)
{
  HtTreeView *self = HT_TREE_VIEW (view);
  HtSession *session = ht_view_get_session (view);
  HtDocument *document = ht_view_get_document (view);
  g_autoptr(GtkTreeListRowSorter) row_sorter = NULL;
  GtkSortListModel *sorted;

  g_assert (self->selection == NULL);

  /* before the model is made, so that it sorts once */
  ht_column_view_sort_by_cost (self->column_view, ht_session_get_cost_type (session));
  ht_column_view_title_leaked (self->column_view, ht_document_get_analysis (document));
  adw_status_page_set_title (self->empty_page, ht_summary_empty_text (ht_document_get_analysis (document)));
  self->tree = self->top_down ? ht_document_get_top_down (document) : ht_document_get_bottom_up (document);
  gtk_stack_set_visible_child_name (self->stack,
                                    ht_call_tree_node_get_n_children (ht_call_tree_get_root (self->tree)) > 0
                                    ? "content" : "empty");
  self->tree_model = gtk_tree_list_model_new (filtered (self, ht_tree_item_list_roots (document, self->tree)),
                                              FALSE, FALSE, create_children_cb, self, NULL);
  row_sorter = gtk_tree_list_row_sorter_new (g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->tree_model)),
                                    GTK_SORTER (g_steal_pointer (&row_sorter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  /* a filter typed before the tree was there */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    search_changed_cb (self, self->search_entry);
  if (self->top_down)
    ht_tree_view_expand_first (self, 3);
}

static void
ht_tree_view_unload (HtView *view)
{
  HtTreeView *self = HT_TREE_VIEW (view);

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  self->tree = NULL;
  g_clear_pointer (&self->found, g_hash_table_unref);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  selection_changed_cb (self);
}

static void
cost_type_changed_cb (HtTreeView *self)
{
  HtSession *session = ht_view_get_session (HT_VIEW (self));

  g_assert (HT_IS_TREE_VIEW (self));

  if (self->selection == NULL)
    return;
  ht_column_view_sort_by_cost (self->column_view, ht_session_get_cost_type (session));
  selection_changed_cb (self);
}

/* Expands the first row @depth levels down, to show where the cost is */
void
ht_tree_view_expand_first (HtTreeView *self,
                           guint       depth)
{
  GListModel *rows;
  guint position = 0;

  g_return_if_fail (HT_IS_TREE_VIEW (self));

  /* not shown yet */
  if (self->selection == NULL)
    return;
  rows = G_LIST_MODEL (self->selection);
  for (guint level = 0; level < depth && position < g_list_model_get_n_items (rows); level++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, position);

      if (!gtk_tree_list_row_is_expandable (row))
        break;
      gtk_tree_list_row_set_expanded (row, TRUE);
      position++;
    }
}

void
ht_tree_view_select (HtTreeView *self,
                     guint       position)
{
  g_return_if_fail (HT_IS_TREE_VIEW (self));

  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, position);
}

/* Opens the filter, with @text in it unless %NULL */
void
ht_tree_view_search (HtTreeView *self,
                     const char *text)
{
  g_return_if_fail (HT_IS_TREE_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
ht_tree_view_dispose (GObject *object)
{
  HtTreeView *self = (HtTreeView *) object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_TREE_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->found, g_hash_table_unref);

  G_OBJECT_CLASS (ht_tree_view_parent_class)->dispose (object);
}

static void
ht_tree_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HtTreeView *self = HT_TREE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TOP_DOWN:
      g_value_set_boolean (value, self->top_down);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_tree_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HtTreeView *self = HT_TREE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TOP_DOWN:
      self->top_down = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_tree_view_class_init (HtTreeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtViewClass *view_class = HT_VIEW_CLASS (klass);

  object_class->dispose = ht_tree_view_dispose;
  object_class->get_property = ht_tree_view_get_property;
  object_class->set_property = ht_tree_view_set_property;

  view_class->load = ht_tree_view_load;
  view_class->unload = ht_tree_view_unload;

  /* the top-down tree instead of the bottom-up one */
  properties [PROP_TOP_DOWN] =
    g_param_spec_boolean ("top-down", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heaptrackgtk/HeaptrackGtk/ht-tree-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, stack);
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, box);
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, column_view);
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, backtrace_label);
  gtk_widget_class_bind_template_child (widget_class, HtTreeView, open_button);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
ht_tree_view_init (HtTreeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  add_columns (self);

  g_signal_group_connect_object (ht_view_get_session_signals (HT_VIEW (self)), "notify::cost-type",
                                 G_CALLBACK (cost_type_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ht_tree_view_new (void)
{
  return g_object_new (HT_TYPE_TREE_VIEW, NULL);
}
