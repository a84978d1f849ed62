/* ht-output-name.c: the %p, %h and %n of output names
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * -o NAME takes %p (the pid), %h (the host name) and %n (the program's
 * name). The launcher expands what it knows when it starts; for followed
 * children it keeps %p and %n, which the symbolizer fills in from each
 * process's stream. One expander serves both, so they never disagree.
 */

#include "config.h"

#include <string.h>

#include "ht-output-name.h"

/* Expands the conversions of @pattern, except those whose letters are in
 * @keep, which stay as they are for a later expansion. @expanded (may be
 * NULL) tells whether any conversion was expanded. */
char *
ht_output_name_expand (const char *pattern,
                       guint64     pid,
                       const char *program,
                       const char *keep,
                       gboolean   *expanded)
{
  GString *s = g_string_new (NULL);
  gboolean any = FALSE;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (p[0] != '%' || p[1] == '\0' || strchr ("phn", p[1]) == NULL)
        {
          g_string_append_c (s, *p);
          continue;
        }
      p++;
      if (strchr (keep, *p) != NULL)
        g_string_append_c (g_string_append_c (s, '%'), *p);
      else
        {
          any = TRUE;
          if (*p == 'p')
            g_string_append_printf (s, "%" G_GUINT64_FORMAT, pid);
          else if (*p == 'h')
            g_string_append (s, g_get_host_name ());
          else
            g_string_append (s, program);
        }
    }
  if (expanded != NULL)
    *expanded = any;
  return g_string_free (s, FALSE);
}
