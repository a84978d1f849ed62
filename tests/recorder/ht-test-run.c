/* ht-test-run.c: running programs and cleaning up, for the recorder tests
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ht-test-run.h"

void
run_result_clear (RunResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/* Runs @argv in @cwd (or ours) with @env ("NAME=value" strings) added and
 * collects its output; the program must start. */
void
run_in (const char * const *argv,
        const char         *cwd,
        const char * const *env,
        RunResult          *r)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (proc))
    r->status = 128 + g_subprocess_get_term_sig (proc);
  else
    r->status = g_subprocess_get_exit_status (proc);
}

void
run (const char * const *argv,
     RunResult          *r)
{
  run_in (argv, NULL, NULL, r);
}

/* A path the test's meson definition passes in the environment */
const char *
env_path (const char *name)
{
  const char *path = g_getenv (name);

  g_assert_nonnull (path);
  return path;
}

/* Removes @path and, if it is a folder, what it holds; never follows a
 * symbolic link out of it. */
void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL
         && g_file_enumerator_iterate (children, &info, &child, NULL, NULL)
         && info != NULL)
    {
      g_autofree char *child_path = g_file_get_path (child);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child_path);
      else
        g_unlink (child_path);
    }
  g_remove (path);
}
