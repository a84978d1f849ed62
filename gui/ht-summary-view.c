/* ht-summary-view.c: the trace's figures and its costliest sites
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-summary-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ht-cost-column.h"
#include "ht-diagnosis.h"
#include "ht-report.h"
#include "ht-summary.h"
#include "ht-summary-view.h"

/* Sites listed per cost */
#define TOP_SITES 5

static const struct
{
  const char *title;
  HtCostType  type;
} top_sites[] = {
  { N_("Peak Memory Consumers"), HT_COST_PEAK },
  { N_("Leaks"), HT_COST_LEAKED },
  { N_("Most Allocations"), HT_COST_ALLOCATIONS },
  { N_("Most Temporary Allocations"), HT_COST_TEMPORARY },
};

struct _HtSummaryView
{
  HtView     parent_instance;

  /* Template widgets */
  GtkWidget *scroller;
  GtkBox    *box;
};

enum {
  FUNCTION_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (HtSummaryView, ht_summary_view, HT_TYPE_VIEW)

static void
top_site_activated_cb (AdwActionRow  *row,
                       HtSummaryView *self)
{
  g_assert (HT_IS_SUMMARY_VIEW (self));

  g_signal_emit (self, signals [FUNCTION_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "function"));
}

static GtkWidget *
top_sites_group (HtSummaryView *self,
                 HtAnalysis    *analysis,
                 GPtrArray     *groups,
                 const char    *title,
                 HtCostType     type)
{
  GtkWidget *group = adw_preferences_group_new ();

  g_assert (HT_IS_SUMMARY_VIEW (self));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  ht_leaf_groups_sort (groups, type);

  for (guint i = 0; i < groups->len && i < TOP_SITES; i++)
    {
      HtLeafGroup *leaf = g_ptr_array_index (groups, i);
      const HtIp *ip = ht_trace_data_ip (analysis->data, leaf->leaf_ip);
      const char *function = ht_trace_data_get_string (analysis->data, ip->frame.function);
      const char *file = ht_trace_data_get_string (analysis->data, ip->frame.file);
      const char *module = ht_trace_data_get_string (analysis->data, ip->module);
      gint64 value = ht_cost_get (&leaf->cost, type);
      g_autofree char *name = function ? ht_shorten_template (function)
                                       : g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", ip->address);
      g_autofree char *where = file ? g_strdup_printf ("%s:%u", file, ip->frame.line)
                                    : g_strdup (module ? module : "");
      g_autofree char *amount = (type == HT_COST_PEAK || type == HT_COST_LEAKED)
                                ? ht_format_size (value) : ht_format_count (value);
      GtkWidget *row, *label;

      if (value == 0)
        break;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      label = gtk_label_new (amount);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      ht_widget_set_lazy_tooltip (row, _("Show in the bottom-up tree"));
      g_object_set_data_full (G_OBJECT (row), "function", g_steal_pointer (&name), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (top_site_activated_cb), self, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static GtkWidget *
figures_group (HtAnalysis *analysis)
{
  g_autoptr(GPtrArray) lines = ht_summary_lines (analysis);
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Summary"));
  for (guint i = 0; i < lines->len; i++)
    {
      HtSummaryLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new (line->value);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->label);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (value, "numeric");
      ht_widget_set_lazy_tooltip (value, line->tooltip);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static GtkWidget *
note_row (const char *title,
          const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  return row;
}

/* What the trace lacks, said plainly (ht-diagnosis.c), or NULL */
static GtkWidget *
notes_group (HtAnalysis *analysis)
{
  g_autoptr(GPtrArray) modules = ht_diagnosis_unsymbolized_modules (analysis);
  g_autofree char *symbols = ht_diagnosis_symbols_advice (modules, 4);
  g_autofree char *bypassed = ht_diagnosis_allocator_bypassed (analysis);
  GtkWidget *group;

  if (symbols == NULL && bypassed == NULL)
    return NULL;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("What This Trace Lacks"));
  if (symbols != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), note_row (_("Frames Without Symbols"), symbols));
  if (bypassed != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), note_row (_("Memory That Malloc Never Saw"),
                                                                        bypassed));
  return group;
}

/* The figures of the session's document, and its top sites by each cost */
static void
ht_summary_view_load (HtView *view)
{
  HtSummaryView *self = HT_SUMMARY_VIEW (view);
  HtAnalysis *analysis = ht_document_get_analysis (ht_view_get_document (view));
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, NULL);

  GtkWidget *notes = notes_group (analysis);

  /* first: it changes how the figures below are to be read */
  if (notes != NULL)
    gtk_box_append (self->box, notes);
  gtk_box_append (self->box, figures_group (analysis));
  for (guint i = 0; i < G_N_ELEMENTS (top_sites); i++)
    gtk_box_append (self->box, top_sites_group (self, analysis, groups, _(top_sites[i].title), top_sites[i].type));
}

static void
ht_summary_view_unload (HtView *view)
{
  HtSummaryView *self = HT_SUMMARY_VIEW (view);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
}

static void
ht_summary_view_dispose (GObject *object)
{
  HtSummaryView *self = (HtSummaryView *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HT_TYPE_SUMMARY_VIEW);

  G_OBJECT_CLASS (ht_summary_view_parent_class)->dispose (object);
}

static void
ht_summary_view_class_init (HtSummaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HtViewClass *view_class = HT_VIEW_CLASS (klass);

  object_class->dispose = ht_summary_view_dispose;

  view_class->load = ht_summary_view_load;
  view_class->unload = ht_summary_view_unload;

  /**
   * HtSummaryView::function-activated:
   * @function: the name of a top site's function, as the trees' filter takes it
   *
   * A top site was activated: the window shows its function elsewhere.
   */
  signals [FUNCTION_ACTIVATED] =
    g_signal_new ("function-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/heaptrackgtk/HeaptrackGtk/ht-summary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HtSummaryView, scroller);
  gtk_widget_class_bind_template_child (widget_class, HtSummaryView, box);
}

static void
ht_summary_view_init (HtSummaryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
