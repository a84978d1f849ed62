/* ht-compare-window.c: a window comparing two traces, A (the base) and B
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-compare-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ht-compare-window.h"
#include "ht-diff-flame-graph-view.h"
#include "ht-diff-charts-view.h"
#include "ht-diff-histogram-view.h"
#include "ht-diff-summary-view.h"
#include "ht-diff-tree-view.h"

struct _HtCompareWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkToggleButton      *per_total_button;
  GtkWidget            *switcher_bar;
  GtkStack             *main_stack;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  HtDiffTreeView       *tree_view;

  /* Owned references */
  HtComparison         *comparison;
  GCancellable         *cancellable;

  gboolean              loaded;
};

G_DEFINE_FINAL_TYPE (HtCompareWindow, ht_compare_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_COMPARISON,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Both sides in the title, A first, as swapped */
static void
update_title (HtCompareWindow *self)
{
  g_autofree char *title = ht_comparison_get_title (self->comparison);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  /* Translators: under the window's title: what the changes mean */
  adw_window_title_set_subtitle (self->window_title, _("A → B: the changes are B − A"));
}

static void
show_error (HtCompareWindow *self,
            const GError    *error)
{
  GFile *failed = ht_comparison_get_failed_file (self->comparison);
  g_autofree char *name = failed ? g_file_get_parse_name (failed) : NULL;
  g_autofree char *title = name ? g_strdup_printf (_("Cannot Open %s"), name) : NULL;
  /* the description is markup; a file name may hold '&' or '<' */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_status_page_set_title (self->error_page, title ? title : _("Cannot Compare"));
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HtCompareWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean loaded = ht_comparison_load_finish (HT_COMPARISON (source), result, &error);

  /* a window closed meanwhile */
  if (self->main_stack == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  g_clear_object (&self->cancellable);
  if (!loaded)
    {
      show_error (self, error);
      return;
    }
  /* the pages bind to it */
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMPARISON]);
  /* what grew between two moments is what was live */
  if (ht_comparison_is_moments (self->comparison))
    ht_diff_tree_view_set_cost_type (self->tree_view, HT_COST_LEAKED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.swap", TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->per_total_button), TRUE);
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "content");
}

/**
 * ht_compare_window_open:
 * @base: A, the trace compared with
 * @file: B, the new trace
 *
 * Reads both traces in a worker thread and shows what changed from @base
 * to @file. A window compares once: call it once.
 */
void
ht_compare_window_open (HtCompareWindow *self,
                        GFile           *base,
                        GFile           *file)
{
  g_autoptr(HtComparison) comparison = ht_comparison_new (base, file);

  ht_compare_window_load (self, comparison);
}

/**
 * ht_compare_window_load:
 * @comparison: not loaded yet: two traces, or two moments of one
 *
 * Loads @comparison in a worker thread and shows it. A window compares
 * once: call it, or ht_compare_window_open (), once.
 */
void
ht_compare_window_load (HtCompareWindow *self,
                        HtComparison    *comparison)
{
  g_autofree char *a = ht_comparison_describe_side (comparison, HT_DIFF_A);
  g_autofree char *b = ht_comparison_describe_side (comparison, HT_DIFF_B);
  g_autofree char *description = g_strdup_printf ("A: %s\nB: %s", a, b);
  g_autofree char *escaped = g_markup_escape_text (description, -1);

  g_return_if_fail (HT_IS_COMPARE_WINDOW (self));
  g_return_if_fail (self->comparison == NULL);

  self->comparison = g_object_ref (comparison);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->comparison, "changed", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  update_title (self);
  adw_status_page_set_description (self->loading_page, escaped);
  gtk_spinner_start (self->spinner);
  ht_comparison_load_async (self->comparison, self->cancellable, load_cb, g_object_ref (self));
}

/* %NULL before ht_compare_window_open () */
HtComparison *
ht_compare_window_get_comparison (HtCompareWindow *self)
{
  g_return_val_if_fail (HT_IS_COMPARE_WINDOW (self), NULL);

  return self->comparison;
}

/* "loading", "error" or "content" */
const char *
ht_compare_window_get_state (HtCompareWindow *self)
{
  g_return_val_if_fail (HT_IS_COMPARE_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* "diff-summary", "diff-tree", "diff-flame-graph", "diff-charts" or "diff-histogram" */
void
ht_compare_window_show_view (HtCompareWindow *self,
                             const char      *name)
{
  g_return_if_fail (HT_IS_COMPARE_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
ht_compare_window_get_view (HtCompareWindow *self,
                            const char      *name)
{
  g_return_val_if_fail (HT_IS_COMPARE_WINDOW (self), NULL);

  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HtCompareWindow *self = HT_COMPARE_WINDOW (widget);

  if (ht_comparison_get_diff (self->comparison) != NULL)
    ht_comparison_swap (self->comparison);
}

static void
per_total_toggled_cb (HtCompareWindow *self,
                      GtkToggleButton *button)
{
  if (self->comparison != NULL && ht_comparison_get_diff (self->comparison) != NULL)
    ht_comparison_set_normalise (self->comparison,
                                 gtk_toggle_button_get_active (button) ? HT_DIFF_PER_TOTAL : HT_DIFF_ABSOLUTE);
}

static void
ht_compare_window_dispose (GObject *object)
{
  HtCompareWindow *self = (HtCompareWindow *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_COMPARE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->comparison);

  G_OBJECT_CLASS (ht_compare_window_parent_class)->dispose (object);
}

static void
ht_compare_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HtCompareWindow *self = HT_COMPARE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_COMPARISON:
      g_value_set_object (value, self->loaded ? self->comparison : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_compare_window_class_init (HtCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ht_compare_window_dispose;
  object_class->get_property = ht_compare_window_get_property;

  /**
   * HtCompareWindow:comparison:
   *
   * The comparison shown, once it is loaded: what the pages show
   */
  properties [PROP_COMPARISON] =
    g_param_spec_object ("comparison", NULL, NULL, HT_TYPE_COMPARISON,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HT_TYPE_DIFF_SUMMARY_VIEW);
  g_type_ensure (HT_TYPE_DIFF_TREE_VIEW);
  g_type_ensure (HT_TYPE_DIFF_FLAME_GRAPH_VIEW);
  g_type_ensure (HT_TYPE_DIFF_CHARTS_VIEW);
  g_type_ensure (HT_TYPE_DIFF_HISTOGRAM_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, per_total_button);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HtCompareWindow, tree_view);
  gtk_widget_class_bind_template_callback (widget_class, per_total_toggled_cb);

  gtk_widget_class_install_action (widget_class, "compare.swap", NULL, swap_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ht_compare_window_init (HtCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.swap", FALSE);
}

HtCompareWindow *
ht_compare_window_new (GtkApplication *application)
{
  return g_object_new (HT_TYPE_COMPARE_WINDOW, "application", application, NULL);
}
