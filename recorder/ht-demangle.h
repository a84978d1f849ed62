/* ht-demangle.h: C++, Rust legacy and Rust v0 symbol names made readable
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ht_demangle (const char *symbol);

G_END_DECLS
