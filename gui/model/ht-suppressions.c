/* ht-suppressions.c
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-suppressions"

#include "config.h"

#include <string.h>

#include "ht-suppressions.h"

/* Known one-time allocations of glibc and GLib that are never freed. */
static const char * const builtin_patterns[] = {
  "__nss_module_allocate",
  "__gconv_read_conf",
  "__new_exitfn",
  "tzset_internal",
  "dl_open_worker",
  "g_main_context_new",
  "g_main_context_new",
  "g_thread_self",
};

static void
ht_suppression_free (gpointer data)
{
  HtSuppression *s = data;

  g_free (s->pattern);
  g_free (s);
}

GPtrArray *
ht_suppressions_new (void)
{
  return g_ptr_array_new_with_free_func (ht_suppression_free);
}

static void
add_pattern (GPtrArray  *suppressions,
             const char *pattern,
             gssize      len)
{
  HtSuppression *s = g_new0 (HtSuppression, 1);

  s->pattern = len < 0 ? g_strdup (pattern) : g_strndup (pattern, len);
  g_ptr_array_add (suppressions, s);
}

void
ht_suppressions_add_builtin (GPtrArray *suppressions)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtin_patterns); i++)
    add_pattern (suppressions, builtin_patterns[i], -1);
}

/**
 * ht_suppressions_parse_line:
 *
 * Adds the pattern of an LSan-style `leak:PATTERN` line. Empty lines and
 * comments are accepted and add nothing.
 *
 * Returns: %FALSE if the line is not a suppression
 */
gboolean
ht_suppressions_parse_line (GPtrArray  *suppressions,
                            const char *line)
{
  const char *start = line;
  const char *end = line + strlen (line);

  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  if (start == end || *start == '#')
    return TRUE;
  if (end - start < 5 || strncmp (start, "leak:", 5) != 0)
    return FALSE;
  add_pattern (suppressions, start + 5, end - start - 5);
  return TRUE;
}

gboolean
ht_suppressions_add_file (GPtrArray   *suppressions,
                          const char  *path,
                          GPtrArray   *warnings,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!ht_suppressions_parse_line (suppressions, lines[i]))
      g_ptr_array_add (warnings, g_strdup_printf ("%s:%u: invalid suppression line: %s",
                                                  path, i + 1, lines[i]));
  return TRUE;
}

/* strstr () for the first @len bytes of @seg, which need not end there */
static const char *
find_segment (const char *haystack,
              const char *seg,
              gsize       len)
{
  if (len == 0)
    return haystack;
  for (const char *p = strchr (haystack, seg[0]); p != NULL; p = strchr (p + 1, seg[0]))
    if (strncmp (p, seg, len) == 0)
      return p;
  return NULL;
}

/**
 * ht_suppression_matches:
 *
 * LSan's rules: the pattern is searched as a substring; `*` matches any
 * sequence, a leading `^` anchors at the start, a trailing `$` at the end.
 * Empty strings never match.
 *
 * The analysis tries every pattern on every string of the trace, so this
 * walks the pattern's `*`-separated segments in place instead of copying and
 * splitting it on each call: with allocations, a trace with a few thousand
 * S lines and strings took seconds.
 */
gboolean
ht_suppression_matches (const char *pattern,
                        const char *str)
{
  gboolean anchor_start = FALSE, anchor_end = FALSE;
  const char *pos = str;
  const char *seg, *end;

  if (str == NULL || *str == '\0')
    return FALSE;
  if (strcmp (pattern, str) == 0)
    return TRUE;

  if (*pattern == '^')
    {
      anchor_start = TRUE;
      pattern++;
    }
  end = pattern + strlen (pattern);
  if (end > pattern && end[-1] == '$')
    {
      anchor_end = TRUE;
      end--;
    }
  if (end == pattern)
    return !anchor_end;

  for (seg = pattern;; )
    {
      const char *star = memchr (seg, '*', end - seg);
      gsize len = (star != NULL ? star : end) - seg;
      gboolean is_first = seg == pattern;
      gboolean is_last = star == NULL;
      const char *hit;

      if (is_first && anchor_start)
        {
          if (strncmp (pos, seg, len) != 0)
            return FALSE;
          hit = pos;
        }
      else if (is_last && anchor_end)
        {
          gsize rest = strlen (pos);

          return rest >= len && strncmp (pos + rest - len, seg, len) == 0;
        }
      else
        {
          hit = find_segment (pos, seg, len);
          if (hit == NULL)
            return FALSE;
        }
      pos = hit + len;

      if (is_last)
        break;
      seg = star + 1;
    }

  return !anchor_end || *pos == '\0';
}
