/* ht-application.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HT_TYPE_APPLICATION (ht_application_get_type ())

G_DECLARE_FINAL_TYPE (HtApplication, ht_application, HT, APPLICATION, AdwApplication)

HtApplication *ht_application_new               (void);
void           ht_application_tune_malloc       (void);
void           ht_application_avoid_software_gl (void);

G_END_DECLS
