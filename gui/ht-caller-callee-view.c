/* ht-caller-callee-view.c: functions with inclusive and self costs, their
 * callers and callees
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-caller-callee-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-caller-callee-view.h"
#include "ht-cost-column.h"
#include "ht-function-item.h"
#include "ht-summary.h"

struct _HtCallerCalleeView
{
  HtView              parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkWidget          *box;
  GtkColumnView      *functions_view;
  GtkColumnView      *callers_view;
  GtkColumnView      *callees_view;

  /* Owned references */
  GtkSingleSelection *selection;     /* NULL until the functions are shown */
};

G_DEFINE_FINAL_TYPE (HtCallerCalleeView, ht_caller_callee_view, HT_TYPE_VIEW)

static void
add_name_column (GtkColumnView *view,
                 const char    *title)
{
  g_autoptr(GtkColumnViewColumn) column = ht_location_column_new (title,
                                                                  (HtNameGetter) ht_function_item_get_name,
                                                                  (HtTextGetter) ht_function_item_dup_full_name,
                                                                  (HtTextGetter) ht_function_item_dup_location);

  gtk_column_view_append_column (view, column);
}

static void
add_cost_column (GtkColumnView *view,
                 const char    *title,
                 HtCostType     type,
                 HtCostGetter   getter)
{
  g_autoptr(GtkColumnViewColumn) column = ht_cost_column_new (title, type, getter);

  gtk_column_view_append_column (view, column);
}

/* Sorts @view by the session's cost type, largest first, or by the peak
 * where it has no column of that type. */
static void
sort_by_cost (HtCallerCalleeView *self,
              GtkColumnView      *view)
{
  g_assert (HT_IS_CALLER_CALLEE_VIEW (self));

  if (!ht_column_view_sort_by_cost (view, ht_session_get_cost_type (ht_view_get_session (HT_VIEW (self)))))
    ht_column_view_sort_by_cost (view, HT_COST_PEAK);
}

/* Wraps @model to sort by @view's columns, by the session's cost type when
 * shown. */
static GtkSelectionModel *
sorted_model (HtCallerCalleeView *self,
              GtkColumnView      *view,
              GListModel         *model,
              gboolean            single)
{
  GtkSortListModel *sorted;

  /* before the model is made, so that it sorts once */
  sort_by_cost (self, view);
  sorted = gtk_sort_list_model_new (model, g_object_ref (gtk_column_view_get_sorter (view)));
  if (single)
    return GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (sorted)));
  return GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (sorted)));
}

/* The selected function's callers and callees; it becomes the session's
 * selected function. */
static void
selection_changed_cb (HtCallerCalleeView *self)
{
  HtFunctionItem *item = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  g_autoptr(GtkSelectionModel) callers = NULL;
  g_autoptr(GtkSelectionModel) callees = NULL;

  g_assert (HT_IS_CALLER_CALLEE_VIEW (self));

  if (item == NULL)
    {
      gtk_column_view_set_model (self->callers_view, NULL);
      gtk_column_view_set_model (self->callees_view, NULL);
      return;
    }
  callers = sorted_model (self, self->callers_view, ht_function_item_list_callers (item), FALSE);
  callees = sorted_model (self, self->callees_view, ht_function_item_list_callees (item), FALSE);
  gtk_column_view_set_model (self->callers_view, callers);
  gtk_column_view_set_model (self->callees_view, callees);
  ht_session_set_selected_function (ht_view_get_session (HT_VIEW (self)), ht_function_item_get_index (item));
}

/* Selects the first function @match accepts, and scrolls to it */
static gboolean
select_where (HtCallerCalleeView *self,
              gboolean          (*match) (HtFunctionItem *, gconstpointer),
              gconstpointer       data)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  if (model == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HtFunctionItem) item = g_list_model_get_item (model, i);

      if (match (item, data))
        {
          GtkWidget *list = gtk_widget_get_last_child (GTK_WIDGET (self->functions_view));

          gtk_single_selection_set_selected (self->selection, i);
          /* GTK 4.8 has no gtk_column_view_scroll_to: its inner list view does */
          gtk_widget_activate_action (list, "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
match_index (HtFunctionItem *item,
             gconstpointer   data)
{
  return ht_function_item_get_index (item) == GPOINTER_TO_UINT (data);
}

static gboolean
match_name (HtFunctionItem *item,
            gconstpointer   data)
{
  return g_strcmp0 (ht_function_item_get_name (item), data) == 0;
}

/* A caller or callee clicked: move there */
static void
link_activated_cb (HtCallerCalleeView *self,
                   guint               position,
                   GtkColumnView      *view)
{
  g_autoptr(HtFunctionItem) item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)),
                                                          position);

  if (item != NULL)
    select_where (self, match_index, GUINT_TO_POINTER (ht_function_item_get_index (item)));
}

/* Selects the function named @name; %FALSE if there is none */
gboolean
ht_caller_callee_view_select (HtCallerCalleeView *self,
                              const char         *name)
{
  g_return_val_if_fail (HT_IS_CALLER_CALLEE_VIEW (self), FALSE);

  return select_where (self, match_name, name);
}

/* Shows the session's selected function, if one is and another is shown;
 * %TRUE if the selection changed */
static gboolean
show_selected_function (HtCallerCalleeView *self)
{
  guint function = ht_session_get_selected_function (ht_view_get_session (HT_VIEW (self)));
  HtFunctionItem *shown = gtk_single_selection_get_selected_item (self->selection);

  g_assert (HT_IS_CALLER_CALLEE_VIEW (self));

  if (function == HT_SESSION_NO_FUNCTION || (shown != NULL && ht_function_item_get_index (shown) == function))
    return FALSE;
  return select_where (self, match_index, GUINT_TO_POINTER (function));
}

/* Shows the functions of the session's document */
static void
ht_caller_callee_view_load (HtView *view)
{
  HtCallerCalleeView *self = HT_CALLER_CALLEE_VIEW (view);
  HtDocument *document = ht_view_get_document (view);

  g_assert (self->selection == NULL);

  ht_column_view_title_leaked (self->functions_view, ht_document_get_analysis (document));
  adw_status_page_set_title (self->empty_page, ht_summary_empty_text (ht_document_get_analysis (document)));
  gtk_stack_set_visible_child_name (self->stack, ht_caller_callee_get_n_functions (ht_document_get_caller_callee (document)) > 0
                                                 ? "content" : "empty");
  self->selection = GTK_SINGLE_SELECTION (sorted_model (self, self->functions_view,
                                                        ht_function_item_list_all (document), TRUE));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->functions_view, GTK_SELECTION_MODEL (self->selection));
  /* the first function, the costliest, is selected unless another view chose one */
  if (!show_selected_function (self))
    selection_changed_cb (self);
}

static void
ht_caller_callee_view_unload (HtView *view)
{
  HtCallerCalleeView *self = HT_CALLER_CALLEE_VIEW (view);

  gtk_column_view_set_model (self->functions_view, NULL);
  g_clear_object (&self->selection);
  selection_changed_cb (self);
}

/* Another view selected a function: shown here when this view is */
static void
selected_function_changed_cb (HtCallerCalleeView *self)
{
  g_assert (HT_IS_CALLER_CALLEE_VIEW (self));

  if (self->selection != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_selected_function (self);
}

static void
cost_type_changed_cb (HtCallerCalleeView *self)
{
  g_assert (HT_IS_CALLER_CALLEE_VIEW (self));

  if (self->selection == NULL)
    return;
  sort_by_cost (self, self->functions_view);
  sort_by_cost (self, self->callers_view);
  sort_by_cost (self, self->callees_view);
}

/* A function another view selected meanwhile */
static void
ht_caller_callee_view_map (GtkWidget *widget)
{
  HtCallerCalleeView *self = HT_CALLER_CALLEE_VIEW (widget);

  GTK_WIDGET_CLASS (ht_caller_callee_view_parent_class)->map (widget);

  if (self->selection != NULL)
    show_selected_function (self);
}

static void
ht_caller_callee_view_dispose (GObject *object)
{
  HtCallerCalleeView *self = (HtCallerCalleeView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_CALLER_CALLEE_VIEW);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (ht_caller_callee_view_parent_class)->dispose (object);
}

static void
ht_caller_callee_view_class_init (HtCallerCalleeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtViewClass *view_class = HT_VIEW_CLASS (klass);

  object_class->dispose = ht_caller_callee_view_dispose;

  widget_class->map = ht_caller_callee_view_map;

  view_class->load = ht_caller_callee_view_load;
  view_class->unload = ht_caller_callee_view_unload;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-caller-callee-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtCallerCalleeView, stack);
  gtk_widget_class_bind_template_child (widget_class, HtCallerCalleeView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HtCallerCalleeView, box);
  gtk_widget_class_bind_template_child (widget_class, HtCallerCalleeView, functions_view);
  gtk_widget_class_bind_template_child (widget_class, HtCallerCalleeView, callers_view);
  gtk_widget_class_bind_template_child (widget_class, HtCallerCalleeView, callees_view);
  gtk_widget_class_bind_template_callback (widget_class, link_activated_cb);
}

static void
ht_caller_callee_view_init (HtCallerCalleeView *self)
{
  GSignalGroup *session_signals;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_name_column (self->functions_view, _("Function"));
  add_cost_column (self->functions_view, _("Peak"), HT_COST_PEAK, (HtCostGetter) ht_function_item_get_cost);
  add_cost_column (self->functions_view, _("Self Peak"), HT_COST_PEAK,
                   (HtCostGetter) ht_function_item_get_self_cost);
  add_cost_column (self->functions_view, _("Leaked"), HT_COST_LEAKED, (HtCostGetter) ht_function_item_get_cost);
  add_cost_column (self->functions_view, _("Allocations"), HT_COST_ALLOCATIONS,
                   (HtCostGetter) ht_function_item_get_cost);
  add_cost_column (self->functions_view, _("Self Allocations"), HT_COST_ALLOCATIONS,
                   (HtCostGetter) ht_function_item_get_self_cost);
  add_cost_column (self->functions_view, _("Temporary"), HT_COST_TEMPORARY,
                   (HtCostGetter) ht_function_item_get_cost);

  add_name_column (self->callers_view, _("Caller"));
  add_cost_column (self->callers_view, _("Peak"), HT_COST_PEAK, (HtCostGetter) ht_function_item_get_cost);
  add_cost_column (self->callers_view, _("Allocations"), HT_COST_ALLOCATIONS,
                   (HtCostGetter) ht_function_item_get_cost);
  add_name_column (self->callees_view, _("Callee"));
  add_cost_column (self->callees_view, _("Peak"), HT_COST_PEAK, (HtCostGetter) ht_function_item_get_cost);
  add_cost_column (self->callees_view, _("Allocations"), HT_COST_ALLOCATIONS,
                   (HtCostGetter) ht_function_item_get_cost);

  session_signals = ht_view_get_session_signals (HT_VIEW (self));
  g_signal_group_connect_object (session_signals, "notify::cost-type", G_CALLBACK (cost_type_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (session_signals, "notify::selected-function",
                                 G_CALLBACK (selected_function_changed_cb), self, G_CONNECT_SWAPPED);
}
