/* ht-fuzz-demangle.c: libFuzzer target for ht_demangle
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The symbolizer demangles names read from arbitrary ELF files. Inputs are
 * tried as they are and behind "_R" and "_ZN", so that most runs reach the
 * Rust v0 and legacy parsers rather than stopping at the prefix.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ht-demangle.h"

static void
try_name (const char    *prefix,
          const uint8_t *data,
          size_t         size)
{
  size_t plen = strlen (prefix);
  char *name = g_malloc (plen + size + 1);
  char *out;

  memcpy (name, prefix, plen);
  memcpy (name + plen, data, size);
  name[plen + size] = '\0';
  out = ht_demangle (name);
  /* the result is text a GtkLabel will show */
  if (out != NULL)
    g_assert (g_utf8_validate (out, -1, NULL));
  g_free (out);
  g_free (name);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  try_name ("", data, size);
  try_name ("_R", data, size);
  try_name ("_ZN", data, size);
  return 0;
}
