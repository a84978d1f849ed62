/* ht-location-colours.c: one colour per allocation location, in every picture
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts of the three costs and the size histogram each stack their own
 * top locations, and a location that shows in several of them must keep one
 * colour. So the colours are handed out once per trace, from its whole
 * analysis: first to the top locations by peak, then to those by calls,
 * then by temporary allocations, each location once. A location is its
 * leaf's module, function, file and line (docs/figures.md §9.1), the same
 * string indices in every analysis of one file, whatever its time window.
 */

#define G_LOG_DOMAIN "ht-location-colours"

#include "config.h"

#include "ht-location-colours.h"

/* Okabe and Ito's colours (told apart by colour-blind readers), then Paul
 * Tol's muted ones for the locations beyond them */
static const double palette[][3] = {
  { 0.90, 0.62, 0.00 },
  { 0.34, 0.71, 0.91 },
  { 0.00, 0.62, 0.45 },
  { 0.94, 0.89, 0.26 },
  { 0.00, 0.45, 0.70 },
  { 0.84, 0.37, 0.00 },
  { 0.80, 0.47, 0.65 },
  { 0.53, 0.13, 0.33 },
  { 0.27, 0.67, 0.60 },
  { 0.80, 0.40, 0.47 },
  { 0.20, 0.13, 0.53 },
  { 0.60, 0.60, 0.20 },
};

struct _HtLocationColours
{
  GHashTable *slots;   /* HtLocationKey* -> slot + 1 */
};


/**
 * ht_location_colours_new:
 * @analysis: the analysis of the whole trace
 * @n_top: how many locations each picture stacks
 *
 * Returns: (transfer full): the colour slots of the top @n_top locations of
 *   each cost, peak first
 */
HtLocationColours *
ht_location_colours_new (HtAnalysis *analysis,
                         guint       n_top)
{
  static const HtCostType ranks[] = { HT_COST_PEAK, HT_COST_ALLOCATIONS, HT_COST_TEMPORARY };
  HtLocationColours *self = g_new0 (HtLocationColours, 1);
  g_autoptr(GPtrArray) groups = ht_report_group_by_leaf (analysis, NULL);
  guint next = 0;

  self->slots = g_hash_table_new_full (ht_location_key_hash, ht_location_key_equal, g_free, NULL);
  for (guint r = 0; r < G_N_ELEMENTS (ranks); r++)
    {
      ht_leaf_groups_sort (groups, ranks[r]);
      for (guint g = 0; g < MIN (n_top, groups->len); g++)
        {
          const HtLeafGroup *group = g_ptr_array_index (groups, g);
          HtLocationKey key = ht_trace_data_location (analysis->data, group->leaf_ip);

          if (ht_cost_get (&group->cost, ranks[r]) == 0)
            break;
          if (!g_hash_table_contains (self->slots, &key))
            g_hash_table_insert (self->slots, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (++next));
        }
    }
  return self;
}

/**
 * ht_location_colours_slot:
 * @analysis: an analysis of the trace (of any time window of it)
 * @group: one of its locations
 *
 * Returns: @group's colour slot, or %HT_LOCATION_NO_SLOT
 */
int
ht_location_colours_slot (HtLocationColours *self,
                          HtAnalysis        *analysis,
                          const HtLeafGroup *group)
{
  HtLocationKey key = ht_trace_data_location (analysis->data, group->leaf_ip);

  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->slots, &key)) - 1;
}

/* Lighter for the light style, darker for the dark one; slots past the
 * palette take its colours again, and HT_LOCATION_NO_SLOT is grey */
void
ht_location_colour_rgb (int      slot,
                        gboolean dark,
                        double   rgb[3])
{
  for (int k = 0; k < 3; k++)
    {
      double c = slot < 0 ? 0.6 : palette[slot % G_N_ELEMENTS (palette)][k];

      rgb[k] = dark ? c * 0.8 : 0.25 + c * 0.75;
    }
}

void
ht_location_colours_free (HtLocationColours *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->slots);
  g_free (self);
}
