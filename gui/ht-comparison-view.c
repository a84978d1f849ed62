/* ht-comparison-view.c: what the pictures of a comparison share
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "comparison" property, and a call of the subclass' update () when
 * it is set and whenever the comparison changes (a swap exchanges the
 * traces). A style turning dark or light only redraws: the pictures read
 * ht_comparison_view_is_dark () as they draw.
 */

#define G_LOG_DOMAIN "ht-comparison-view"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "ht-comparison-view.h"

typedef struct
{
  HtComparison *comparison;  /* loaded, or NULL */
} HtComparisonViewPrivate;

enum {
  PROP_0,
  PROP_COMPARISON,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HtComparisonView, ht_comparison_view, GTK_TYPE_WIDGET)

static void
update (HtComparisonView *self)
{
  HT_COMPARISON_VIEW_GET_CLASS (self)->update (self);
}

static void
set_comparison (HtComparisonView *self,
                HtComparison     *comparison)
{
  HtComparisonViewPrivate *priv = ht_comparison_view_get_instance_private (self);

  if (priv->comparison == comparison)
    return;
  if (priv->comparison != NULL)
    g_signal_handlers_disconnect_by_func (priv->comparison, update, self);
  g_set_object (&priv->comparison, comparison);
  if (comparison != NULL)
    g_signal_connect_object (comparison, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMPARISON]);
}

/* %NULL until one is set */
HtComparison *
ht_comparison_view_get_comparison (HtComparisonView *self)
{
  HtComparisonViewPrivate *priv = ht_comparison_view_get_instance_private (self);

  g_return_val_if_fail (HT_IS_COMPARISON_VIEW (self), NULL);

  return priv->comparison;
}

/* The dark style's colours are wanted */
gboolean
ht_comparison_view_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* What the pages' cost drop-downs list, in their order (their .ui files) */
static const HtCostType cost_choices[] = { HT_COST_PEAK, HT_COST_LEAKED, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };

/* The cost at @position of a page's cost drop-down */
HtCostType
ht_comparison_view_cost_at (guint position)
{
  return cost_choices[position < G_N_ELEMENTS (cost_choices) ? position : 0];
}

/* Names the leaked cost in a page's cost drop-down as the summary does:
 * "Live" for two moments of one trace, whose leaked costs are the bytes
 * live at each, else "Leaked". The choice made stays. */
void
ht_comparison_view_title_costs (GtkDropDown  *dropdown,
                                HtComparison *comparison)
{
  GtkStringList *names = GTK_STRING_LIST (gtk_drop_down_get_model (dropdown));
  guint position = ht_comparison_view_cost_position (HT_COST_LEAKED);
  const char *title = comparison != NULL && ht_comparison_is_moments (comparison) ? _("Live") : _("Leaked");
  guint selected;

  if (g_strcmp0 (gtk_string_list_get_string (names, position), title) == 0)
    return;
  selected = gtk_drop_down_get_selected (dropdown);
  gtk_string_list_splice (names, position, 1, (const char * const[]) { title, NULL });
  gtk_drop_down_set_selected (dropdown, selected);
}

/* Where @type is in a page's cost drop-down */
guint
ht_comparison_view_cost_position (HtCostType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (cost_choices); i++)
    if (cost_choices[i] == type)
      return i;
  return 0;
}

/* Redraws @picture, which draws with ht_comparison_view_is_dark ()'s
 * colours, when the style turns dark or light */
void
ht_comparison_view_follow_style (GtkWidget *picture)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (gtk_widget_queue_draw),
                           picture, G_CONNECT_SWAPPED);
}

static void
ht_comparison_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_COMPARISON:
      g_value_set_object (value, ht_comparison_view_get_comparison (HT_COMPARISON_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_comparison_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_COMPARISON:
      set_comparison (HT_COMPARISON_VIEW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_comparison_view_dispose (GObject *object)
{
  HtComparisonViewPrivate *priv = ht_comparison_view_get_instance_private (HT_COMPARISON_VIEW (object));

  g_clear_object (&priv->comparison);

  G_OBJECT_CLASS (ht_comparison_view_parent_class)->dispose (object);
}

static void
ht_comparison_view_class_init (HtComparisonViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ht_comparison_view_dispose;
  object_class->get_property = ht_comparison_view_get_property;
  object_class->set_property = ht_comparison_view_set_property;

  /* the loaded comparison shown */
  properties [PROP_COMPARISON] =
    g_param_spec_object ("comparison", NULL, NULL, HT_TYPE_COMPARISON,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
ht_comparison_view_init (HtComparisonView *self)
{
}
