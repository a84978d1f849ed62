/* ht-fuzz.h: the libFuzzer entry points of our fuzz targets
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Declared here for the targets and for the unit tests that replay a
 * target's corpus through its LLVMFuzzerTestOneInput () without libFuzzer.
 * ht-fuzz-init.c defines LLVMFuzzerInitialize () for every target that
 * links it.
 */

#pragma once

#include <stddef.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const guint8  *data,
                            size_t         size);

G_END_DECLS
