/* ht-location-colours.h: one colour per allocation location, in every picture
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ht-analysis.h"
#include "ht-report.h"

G_BEGIN_DECLS

/* No colour of its own: the location is drawn with the others, in grey */
#define HT_LOCATION_NO_SLOT (-1)

typedef struct _HtLocationColours HtLocationColours;

HtLocationColours *ht_location_colours_new  (HtAnalysis        *analysis,
                                             guint              n_top);
int                ht_location_colours_slot (HtLocationColours *self,
                                             HtAnalysis        *analysis,
                                             const HtLeafGroup *group);
void               ht_location_colour_rgb   (int                slot,
                                             gboolean           dark,
                                             double             rgb[3]);
void               ht_location_colours_free (HtLocationColours *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HtLocationColours, ht_location_colours_free)

G_END_DECLS
