/* test-process-list.c: the processes "Attach…" offers, read from a fake
 * proc tree built in a temporary folder
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "ht-process-list.h"
#include "fake-proc-util.h"

/* the user the lists are read as, and another one: root, whom every
 * system knows */
#define OWN_UID     4242
#define FOREIGN_UID 0

typedef FakeProc Fixture;

static HtProcessItem *
item_at (GListModel *list,
         guint       position)
{
  g_autoptr(HtProcessItem) item = g_list_model_get_item (list, position);

  g_assert_nonnull (item);
  return item;   /* the list keeps it alive */
}

static GListModel *
read_as (Fixture *fixture,
         guint    uid)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = ht_process_list_read_as (fixture->root, uid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  g_assert_true (g_list_model_get_item_type (list) == HT_TYPE_PROCESS_ITEM);
  return list;
}

/* the name the list gives @uid's processes */
static char *
name_of (guint uid)
{
  struct passwd *entry = getpwuid (uid);

  return entry ? g_strdup (entry->pw_name) : g_strdup_printf ("%u", uid);
}

/* Every field, the order, and what is left out */
static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  static const char editor_cmdline[] = "/usr/bin/gedit\0--new-window\0notes.txt\0";
  static const char worker_cmdline[] = "./worker (x)\0-j\0002\0";
  static const struct {
    GPid        pid;
    const char *name;
    const char *command_line;
    int         resident_kb;   /* < 0: 25 pages */
    guint       uid;
    const char *reason;
  } expected[] = {
    { 101, "worker (x) 1", "./worker (x) -j 2", 8192, OWN_UID, NULL },
    { 100, "gedit", "/usr/bin/gedit --new-window notes.txt", 2048, OWN_UID, NULL },
    { 300, "sleeper", "sleep 100", -1, OWN_UID, NULL },
    { 1, "systemd", "/sbin/init", 12000, FOREIGN_UID, "Belongs to root: only they or root can record it" },
  };
  guint64 statm_resident = 25 * (guint64) sysconf (_SC_PAGESIZE);
  g_autoptr(GListModel) list = NULL;
  g_autofree char *own = name_of (OWN_UID);
  g_autofree char *vanished = g_build_filename (fixture->root, "400", NULL);
  HtProcessItem *item;

  set_ptrace_scope (fixture, 0);
  add_process (fixture, 1, 0, "systemd", FOREIGN_UID, FOREIGN_UID, 12000, "/sbin/init\0", 11);
  add_process (fixture, 2, 0, "kthreadd", FOREIGN_UID, FOREIGN_UID, -1, "", 0);
  add_process (fixture, 57, 2, "kworker/0:1", FOREIGN_UID, FOREIGN_UID, -1, "", 0);
  add_process (fixture, 100, 1, "gedit", OWN_UID, OWN_UID, 2048, editor_cmdline, sizeof editor_cmdline);
  add_process (fixture, 101, 100, "worker (x) 1", OWN_UID, OWN_UID, 8192, worker_cmdline, sizeof worker_cmdline);
  add_process (fixture, 300, 1, "sleeper", OWN_UID, OWN_UID, -1, "sleep\0" "100\0", 10);
  /* a process that ended while the list was read: only its stat is left */
  g_assert_cmpint (g_mkdir (vanished, 0755), ==, 0);
  write_file (vanished, "stat", "400 (gone) Z 1 400 0 0\n", -1);

  list = read_as (fixture, OWN_UID);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);

  /* attachable first, the largest first; another user's last although
   * the largest; statm's resident pages without a VmRSS line */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *reason = NULL;

      item = item_at (list, i);
      g_assert_cmpint (ht_process_item_get_pid (item), ==, expected[i].pid);
      g_assert_cmpstr (ht_process_item_get_name (item), ==, expected[i].name);
      g_assert_cmpstr (ht_process_item_get_command_line (item), ==, expected[i].command_line);
      g_assert_cmpuint (ht_process_item_get_resident (item), ==,
                        expected[i].resident_kb >= 0 ? (guint64) expected[i].resident_kb * 1024 : statm_resident);
      g_assert_cmpstr (ht_process_item_get_user (item), ==, expected[i].uid == OWN_UID ? own : "root");
      g_assert_cmpstr (ht_process_item_get_reason (item), ==, expected[i].reason);
      g_assert_cmpint (ht_process_item_get_attachable (item), ==, expected[i].reason == NULL);
      g_object_get (item, "reason", &reason, NULL);
      g_assert_cmpstr (reason, ==, expected[i].reason);
    }

  /* root may record any of them */
  g_clear_object (&list);
  list = read_as (fixture, 0);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  item = item_at (list, 0);
  g_assert_cmpint (ht_process_item_get_pid (item), ==, 1);
  g_assert_true (ht_process_item_get_attachable (item));
}

/* One process of the user's own under each of Yama's policies */
static void
test_ptrace_scope (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct {
    int         scope;
    guint       uid;
    const char *reason;   /* NULL: attachable */
  } cases[] = {
    { 0, OWN_UID, NULL },
    { 1, OWN_UID, "The kernel lets programs attach only to their own child processes "
                  "(kernel.yama.ptrace_scope is 1): allow it until the next restart with "
                  "“sudo sysctl kernel.yama.ptrace_scope=0”" },
    { 2, OWN_UID, "The kernel lets only root attach to processes (kernel.yama.ptrace_scope is 2): "
                  "record as root, or allow it with “sudo sysctl kernel.yama.ptrace_scope=0”" },
    { 3, OWN_UID, "The kernel forbids attaching to processes until the next restart "
                  "(kernel.yama.ptrace_scope is 3)" },
    /* root has CAP_SYS_PTRACE, which only scope 3 refuses */
    { 1, 0, NULL },
    { 2, 0, NULL },
    { 3, 0, "The kernel forbids attaching to processes until the next restart "
            "(kernel.yama.ptrace_scope is 3)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) list = NULL;
      HtProcessItem *item;

      add_process (fixture, 700, 1, "app", cases[i].uid, cases[i].uid, 100, "app\0", 4);
      set_ptrace_scope (fixture, cases[i].scope);
      list = read_as (fixture, cases[i].uid);
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
      item = item_at (list, 0);
      g_assert_cmpstr (ht_process_item_get_reason (item), ==, cases[i].reason);
      g_assert_cmpint (ht_process_item_get_attachable (item), ==, cases[i].reason == NULL);
    }

  /* no Yama at all: nothing forbids it */
  {
    g_autofree char *yama = g_build_filename (fixture->root, "sys", NULL);
    g_autoptr(GListModel) list = NULL;

    remove_tree (yama);
    list = read_as (fixture, 0);
    g_assert_true (ht_process_item_get_attachable (item_at (list, 0)));
  }
}

/* gdb missing, a set-user-ID program, heaptrack-gtk itself */
static void
test_other_reasons (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GListModel) list = NULL;
  HtProcessItem *item;

  add_process (fixture, 800, 1, "passwd", OWN_UID, FOREIGN_UID, 300, "passwd\0", 7);
  add_process (fixture, getpid (), 1, "heaptrack-gtk", OWN_UID, OWN_UID, 200, "heaptrack-gtk\0", 14);
  add_process (fixture, 900, 1, "app", OWN_UID, OWN_UID, 100, "app\0", 4);

  list = read_as (fixture, OWN_UID);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  item = item_at (list, 0);
  g_assert_cmpint (ht_process_item_get_pid (item), ==, 900);
  g_assert_true (ht_process_item_get_attachable (item));
  item = item_at (list, 1);
  g_assert_cmpint (ht_process_item_get_pid (item), ==, 800);
  g_assert_cmpstr (ht_process_item_get_reason (item), ==,
                   "Runs with the rights of another user (set-user-ID): only root can record it");
  item = item_at (list, 2);
  g_assert_cmpint (ht_process_item_get_pid (item), ==, getpid ());
  g_assert_cmpstr (ht_process_item_get_reason (item), ==, "This is heaptrack-gtk itself, which cannot record itself");

  g_assert_true (ht_process_list_can_attach (NULL));
  set_gdb_installed (fixture, FALSE);
  {
    g_autofree char *why = NULL;

    g_assert_false (ht_process_list_can_attach (&why));
    g_assert_cmpstr (why, ==, "Attaching to a running process needs gdb, which is not installed. "
                              "Install the gdb package, then refresh the list.");
  }
  g_clear_object (&list);
  list = read_as (fixture, OWN_UID);
  /* none is attachable now: the smallest comes last */
  item = item_at (list, 2);
  g_assert_cmpint (ht_process_item_get_pid (item), ==, 900);
  g_assert_cmpstr (ht_process_item_get_reason (item), ==,
                   "gdb is not installed, and attaching needs it: install the gdb package");
}

/* as the user running the test, whoever that is */
static void
test_own_user (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  add_process (fixture, 900, 1, "app", getuid (), getuid (), 100, "app\0", 4);
  list = ht_process_list_read (fixture->root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpstr (ht_process_item_get_user (item_at (list, 0)), ==, g_get_user_name ());
  g_assert_true (ht_process_item_get_attachable (item_at (list, 0)));
}

static void
test_no_proc (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = ht_process_list_read ("/nonexistent/proc", &error);

  g_assert_null (list);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_flatpak (void)
{
  g_autofree char *marker = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("ht-flatpak-info-XXXXXX", &marker, &error);

  g_assert_no_error (error);
  close (fd);
  g_setenv ("HT_FLATPAK_INFO", marker, TRUE);
  g_assert_false (ht_process_list_available (&why));
  g_assert_nonnull (strstr (why, "Flatpak"));
  g_assert_nonnull (strstr (why, "heaptrack-gtk-record --pid PID"));

  g_remove (marker);
  g_clear_pointer (&why, g_free);
  g_assert_true (ht_process_list_available (&why));
  g_assert_null (why);
  g_unsetenv ("HT_FLATPAK_INFO");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/process-list/fields", Fixture, NULL, fake_proc_set_up, test_fields, fake_proc_tear_down);
  g_test_add ("/process-list/ptrace-scope", Fixture, NULL, fake_proc_set_up, test_ptrace_scope, fake_proc_tear_down);
  g_test_add ("/process-list/other-reasons", Fixture, NULL, fake_proc_set_up, test_other_reasons, fake_proc_tear_down);
  g_test_add ("/process-list/own-user", Fixture, NULL, fake_proc_set_up, test_own_user, fake_proc_tear_down);
  g_test_add_func ("/process-list/no-proc", test_no_proc);
  g_test_add_func ("/process-list/flatpak", test_flatpak);

  return g_test_run ();
}
