/* ht-editor.c: the user's "open in editor" command, safely
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ht-editor"

#include "config.h"

#include "ht-editor.h"

/**
 * ht_editor_build_argv:
 * @command: the user's command, e.g. `gnome-text-editor +%l %f`
 *
 * Splits @command into words as a shell would, then replaces %f by @file,
 * %l by @line and %% by a percent sign inside each word. It runs without a
 * shell, so a file name is always one argument, whatever it holds. Without
 * a %f the file is appended. @file comes from a trace, which is untrusted:
 * it goes in as an absolute path (a relative one is taken from the working
 * folder), so a name such as `-c:!cmd` never reaches the editor as an
 * option.
 *
 * Returns: (transfer full): the argument vector, or %NULL with @error set
 */
char **
ht_editor_build_argv (const char  *command,
                      const char  *file,
                      guint        line,
                      GError     **error)
{
  g_autofree char *path = g_canonicalize_filename (file, NULL);
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  gboolean has_file = FALSE;
  int n_words;

  if (!g_shell_parse_argv (command, &n_words, &words, error))
    return NULL;

  for (int i = 0; i < n_words; i++)
    {
      GString *arg = g_string_new (NULL);

      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (p[0] == '%' && p[1] == 'f')
            {
              g_string_append (arg, path);
              has_file = TRUE;
              p++;
            }
          else if (p[0] == '%' && p[1] == 'l')
            {
              g_string_append_printf (arg, "%u", line);
              p++;
            }
          else if (p[0] == '%' && p[1] == '%')
            {
              g_string_append_c (arg, '%');
              p++;
            }
          else
            g_string_append_c (arg, *p);
        }
      g_ptr_array_add (argv, g_string_free (arg, FALSE));
    }
  if (!has_file)
    g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}
