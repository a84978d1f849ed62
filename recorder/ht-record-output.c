/* ht-record-output.c: the names of the traces heaptrack-gtk-record writes
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The default names (heaptrack.NAME.PID.zst, .raw.zst with --raw), what -o
 * makes of them, the pattern for followed children, the symbolized name
 * of a raw stream, and the check that the folder takes a file before
 * anything runs. One file, so that the launcher's three ways of recording
 * name their traces alike. The %p, %h and %n of -o are expanded by
 * ht-output-name.c, which the symbolizer shares.
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "ht-output-name.h"
#include "ht-record-private.h"

/* NAME with its conversions expanded (but those in @keep) and .zst, or
 * .raw.zst for an unsymbolized stream, added */
static char *
expand_output (const char *name,
               GPid        pid,
               const char *program_name,
               const char *keep,
               gboolean    raw)
{
  g_autofree char *expanded = ht_output_name_expand (name, (guint64) pid, program_name, keep, NULL);

  if (g_str_has_suffix (expanded, ".zst"))
    return g_steal_pointer (&expanded);
  return g_strconcat (expanded, raw ? ".raw.zst" : ".zst", NULL);
}

/* heaptrack.NAME.PID.zst in the working directory, or what -o says */
char *
_ht_record_output_name (GPid        pid,
                        const char *program_name)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *name = NULL;

  if (_ht_record_options.output != NULL)
    name = expand_output (_ht_record_options.output, pid, program_name, "",
                          _ht_record_options.raw);
  else
    name = g_strdup_printf ("heaptrack.%s.%d%s", program_name, (int) pid,
                            _ht_record_options.raw ? ".raw.zst" : ".zst");
  return g_canonicalize_filename (name, cwd);
}

/* The pattern for the traces of followed children: the symbolizer fills in
 * %p and %n from the stream. */
char *
_ht_record_fork_output_pattern (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *pattern = NULL;

  if (_ht_record_options.output == NULL)
    pattern = g_strdup (_ht_record_options.raw ? "heaptrack.%n.%p.raw.zst" : "heaptrack.%n.%p.zst");
  else
    {
      g_autofree char *name = expand_output (_ht_record_options.output, 0, "", "pn",
                                             _ht_record_options.raw);

      if (strstr (name, "%p") != NULL)
        pattern = g_steal_pointer (&name);
      else
        {
          /* one file per process: put the name and pid before the suffix */
          const char *suffix = g_str_has_suffix (name, ".raw.zst") ? ".raw.zst" : ".zst";
          g_autofree char *base = g_strndup (name, strlen (name) - strlen (suffix));

          pattern = g_strconcat (base, ".%n.%p", suffix, NULL);
        }
    }
  return g_canonicalize_filename (pattern, cwd);
}

/* The trace --symbolize writes for @raw_file: what -o says, else
 * @raw_file without its .raw; NULL, said, when there is no name. */
char *
_ht_record_symbolized_output_name (const char *raw_file)
{
  /* the output is symbolized, whatever -r says */
  if (_ht_record_options.output != NULL)
    return expand_output (_ht_record_options.output, getpid (), "", "", FALSE);
  if (g_str_has_suffix (raw_file, ".raw.zst") || g_str_has_suffix (raw_file, ".raw"))
    {
      const char *suffix = g_str_has_suffix (raw_file, ".raw") ? ".raw" : ".raw.zst";
      g_autofree char *base = g_strndup (raw_file, strlen (raw_file) - strlen (suffix));

      return g_strconcat (base, ".zst", NULL);
    }
  _ht_record_error ("%s does not end in .raw.zst: name the output with -o", raw_file);
  return NULL;
}

/* Creates the folder of @output and makes sure a file can be written there
 * before anything runs. */
gboolean
_ht_record_check_output_folder (const char *output)
{
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *probe = NULL;
  int fd;

  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      _ht_record_error ("cannot write the trace to %s: it is a folder", output);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      _ht_record_error ("cannot create the folder %s for the trace: %s", dir, g_strerror (errno));
      return FALSE;
    }
  probe = g_build_filename (dir, ".heaptrack-gtk-record-XXXXXX", NULL);
  fd = g_mkstemp (probe);
  if (fd < 0)
    {
      _ht_record_error ("cannot write the trace into the folder %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  close (fd);
  g_unlink (probe);
  return TRUE;
}
