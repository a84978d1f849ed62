/* fake-proc-util.h: a fake /proc in a temporary folder, for the process
 * list and the Attach dialog
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PATH points at a folder of its own while it exists, holding a "gdb"
 * (that does nothing) or not.
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

typedef struct
{
  char *root;      /* the fake /proc */
  char *bin;       /* PATH while reading: holds a "gdb" or not */
  char *old_path;
} FakeProc;

static inline void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* /proc/PID with its stat, status and cmdline (@cmdline_length bytes,
 * NUL-separated); @rss_kb < 0: no VmRSS line, only statm's 25 pages */
static inline void
add_process (FakeProc   *fixture,
             GPid        pid,
             GPid        ppid,
             const char *comm,
             guint       real_uid,
             guint       effective_uid,
             int         rss_kb,
             const char *cmdline,
             gsize       cmdline_length)
{
  g_autofree char *name = g_strdup_printf ("%d", (int) pid);
  g_autofree char *dir = g_build_filename (fixture->root, name, NULL);
  g_autofree char *stat = g_strdup_printf ("%d (%s) S %d %d 0 0 -1 4194560\n", (int) pid, comm, (int) ppid, (int) pid);
  g_autoptr(GString) status = g_string_new (NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_string_append_printf (status, "Name:\t%s\nState:\tS (sleeping)\nPid:\t%d\nPPid:\t%d\n"
                          "Uid:\t%u\t%u\t%u\t%u\nGid:\t100\t100\t100\t100\n",
                          comm, (int) pid, (int) ppid, real_uid, effective_uid, effective_uid, effective_uid);
  if (rss_kb >= 0)
    g_string_append_printf (status, "VmPeak:\t 999999 kB\nVmRSS:\t %8d kB\nVmData:\t 1 kB\n", rss_kb);
  write_file (dir, "stat", stat, -1);
  write_file (dir, "status", status->str, status->len);
  write_file (dir, "cmdline", cmdline, cmdline_length);
  write_file (dir, "statm", "1000 25 10 1 0 100 0\n", -1);
}

static inline void
set_ptrace_scope (FakeProc *fixture,
                  int       scope)
{
  g_autofree char *dir = g_build_filename (fixture->root, "sys", "kernel", "yama", NULL);
  g_autofree char *value = g_strdup_printf ("%d\n", scope);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  write_file (dir, "ptrace_scope", value, -1);
}

static inline void
set_gdb_installed (FakeProc *fixture,
                   gboolean  installed)
{
  g_autofree char *gdb = g_build_filename (fixture->bin, "gdb", NULL);

  if (installed)
    {
      write_file (fixture->bin, "gdb", "#!/bin/sh\nexit 1\n", -1);
      g_assert_cmpint (g_chmod (gdb, 0755), ==, 0);
    }
  else
    g_remove (gdb);
}

static inline void
fake_proc_set_up (FakeProc      *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_dir = NULL;

  fixture->root = g_dir_make_tmp ("ht-proc-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->bin = g_dir_make_tmp ("ht-bin-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->old_path = g_strdup (g_getenv ("PATH"));
  g_setenv ("PATH", fixture->bin, TRUE);
  set_gdb_installed (fixture, TRUE);

  /* what a real /proc has beside the processes */
  self_dir = g_build_filename (fixture->root, "self", NULL);
  g_assert_cmpint (g_mkdir (self_dir, 0755), ==, 0);
  write_file (fixture->root, "meminfo", "MemTotal: 1 kB\n", -1);
}

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static inline void
fake_proc_tear_down (FakeProc      *fixture,
                     gconstpointer  data)
{
  g_setenv ("PATH", fixture->old_path, TRUE);
  remove_tree (fixture->root);
  remove_tree (fixture->bin);
  g_free (fixture->root);
  g_free (fixture->bin);
  g_free (fixture->old_path);
}
