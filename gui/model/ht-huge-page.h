/* ht-huge-page.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HT_HUGE_PAGE_SIZE ((gsize) 2 * 1024 * 1024)

gpointer ht_huge_page_new  (void);
void     ht_huge_page_free (gpointer page);

G_END_DECLS
