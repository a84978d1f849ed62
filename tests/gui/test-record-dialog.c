/* test-record-dialog.c: the Record and Attach dialogs, filled in as a user
 * would
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb; saves record-dialog.png and attach-dialog.png into the
 * build's tests/screenshots/ folder. The Attach dialog shows a fake /proc.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "ht-attach-dialog.h"
#include "ht-process-list.h"
#include "ht-record-dialog.h"
#include "ht-settings.h"
#include "gui-test-util.h"
#include "../unit/fake-proc-util.h"

static gboolean
is_confirm_button (GtkWidget *widget)
{
  return gtk_widget_has_css_class (widget, "suggested-action");
}

/* whether the dialog's Record or Attach can be clicked */
static gboolean
confirm_enabled (gpointer dialog)
{
  return gtk_widget_get_sensitive (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, is_confirm_button));
}

static void
record_cb (GObject            *dialog,
           HtRecorderProcess  *process,
           HtRecorderProcess **out)
{
  g_assert_null (*out);
  *out = g_object_ref (process);
}

static HtRecordDialog *
open_record_dialog (void)
{
  HtRecordDialog *dialog = ht_record_dialog_new (NULL);

  gtk_window_present (GTK_WINDOW (dialog));
  iterate (100);
  return dialog;
}

static void
assert_text_contains (GtkWidget  *widget,
                      const char *expected)
{
  g_autofree char *text = widget_text (widget);

  if (strstr (text, expected) == NULL)
    g_error ("“%s” not shown in:\n%s", expected, text);
}

/* Filled in and confirmed: the process to record is what was typed, and
 * the command line becomes the most recent */
static void
test_record (void)
{
  static const char *recent[] = { "python3 -X importtime server.py --port 8080", "make -j2 check", NULL };
  GSettings *settings = ht_settings_get ();
  g_autofree char *folder = g_dir_make_tmp ("ht-record-XXXXXX", NULL);
  g_autofree char *output_folder = ht_recorder_default_folder ();
  g_autoptr(HtRecorderProcess) process = NULL;
  g_auto(GStrv) remembered = NULL;
  HtRecordDialog *dialog;

  g_assert_nonnull (settings);
  g_settings_set_strv (settings, "recent-commands", recent);
  dialog = open_record_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "record", G_CALLBACK (record_cb), &process);

  /* nothing typed yet */
  g_assert_false (confirm_enabled (dialog));
  assert_text_contains (GTK_WIDGET (dialog), "make -j2 check");
  assert_text_contains (GTK_WIDGET (dialog), g_get_home_dir ());
  assert_text_contains (GTK_WIDGET (dialog), output_folder);

  g_object_set (dialog,
                "command-line", "true --version",
                "working-folder", folder,
                "environment", "MALLOC_ARENA_MAX=2 GREETING='hello world'",
                NULL);
  iterate (100);
  g_assert_true (confirm_enabled (dialog));
  assert_text_contains (GTK_WIDGET (dialog), folder);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 560);
  iterate (200);
  save_screenshot (GTK_WIDGET (dialog), "record-dialog");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.record", NULL));
  g_assert_nonnull (process);
  g_assert_cmpstr (ht_recorder_process_get_command_line (process), ==, "true --version");
  g_assert_cmpint (ht_recorder_process_get_state (process), ==, HT_RECORDER_STATE_STARTING);
  /* confirmed: it closed */
  iterate (50);
  g_assert_null (dialog);

  remembered = g_settings_get_strv (settings, "recent-commands");
  g_assert_cmpuint (g_strv_length (remembered), ==, 3);
  g_assert_cmpstr (remembered[0], ==, "true --version");
  g_assert_cmpstr (remembered[1], ==, recent[0]);
  g_assert_cmpstr (remembered[2], ==, recent[1]);
  g_rmdir (folder);
}

/* the list of recent command lines, the first being "c1" */
static gboolean
is_recent_list (GtkWidget *widget)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0);

  return ADW_IS_ACTION_ROW (first)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), "c1") == 0;
}

/* A recent command line fills the entry with one click; recording it again
 * moves it first, once, and no more than 8 are kept */
static void
test_recent (void)
{
  static const char *recent[] = { "c1", "c2", "c3", "true -a", "c5", "c6", "c7", "c8", NULL };
  GSettings *settings = ht_settings_get ();
  g_autoptr(HtRecorderProcess) process = NULL;
  g_auto(GStrv) remembered = NULL;
  g_autofree char *command = NULL;
  HtRecordDialog *dialog;
  GtkListBox *list;

  g_settings_set_strv (settings, "recent-commands", recent);
  dialog = open_record_dialog ();
  g_signal_connect (dialog, "record", G_CALLBACK (record_cb), &process);
  /* the home folder, the default, need not exist where tests run */
  g_object_set (dialog, "working-folder", "/", NULL);
  list = GTK_LIST_BOX (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX, is_recent_list));
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 3));
  g_object_get (dialog, "command-line", &command, NULL);
  g_assert_cmpstr (command, ==, "true -a");

  /* Enter in the command line records */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL), "entry-activated");
  g_assert_nonnull (process);
  remembered = g_settings_get_strv (settings, "recent-commands");
  g_assert_cmpuint (g_strv_length (remembered), ==, 8);
  g_assert_cmpstr (remembered[0], ==, "true -a");
  g_assert_cmpstr (remembered[1], ==, "c1");
  g_assert_cmpstr (remembered[3], ==, "c3");
  g_assert_cmpstr (remembered[4], ==, "c5");
  g_assert_cmpstr (remembered[7], ==, "c8");
}

/* What cannot be recorded is said under its row, and Record stays off */
static void
test_invalid (void)
{
  static const struct {
    const char *command_line;
    const char *folder;
    const char *environment;
    const char *message;
  } cases[] = {
    { "no-such-program-xyz --help", "/", "", "“no-such-program-xyz” not found" },
    { "./no-such-script", "/", "", "“./no-such-script” not found" },
    { "echo 'unterminated", "/", "", "The command line cannot be read: " },
    { "true", "/no/such/folder", "", "The folder “/no/such/folder” does not exist" },
    { "true", "/", "GOOD=1 BAD", "“BAD” is not a variable: write NAME=value" },
    { "true", "/", "1X=2", "“1X=2” is not a variable" },
    { "true", "/", "A='b", "The environment variables cannot be read: " },
  };
  g_autoptr(HtRecorderProcess) process = NULL;
  HtRecordDialog *dialog = open_record_dialog ();

  g_signal_connect (dialog, "record", G_CALLBACK (record_cb), &process);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_object_set (dialog,
                    "command-line", cases[i].command_line,
                    "working-folder", cases[i].folder,
                    "environment", cases[i].environment,
                    NULL);
      iterate (20);
      g_assert_false (confirm_enabled (dialog));
      assert_text_contains (GTK_WIDGET (dialog), cases[i].message);
      gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.record", NULL);
      g_assert_null (process);
    }

  /* a path relative to the working folder is found there */
  g_object_set (dialog, "command-line", "./true", "working-folder", "/bin", "environment", "", NULL);
  g_assert_true (confirm_enabled (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static HtAttachDialog *
open_attach_dialog (FakeProc *fake,
                    guint     uid)
{
  HtAttachDialog *dialog = g_object_new (HT_TYPE_ATTACH_DIALOG, "proc-root", fake->root, "uid", uid, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean loading = TRUE;

  gtk_window_present (GTK_WINDOW (dialog));
  while (loading)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (10);
      g_object_get (dialog, "loading", &loading, NULL);
    }
  iterate (100);
  return dialog;
}

static GtkSingleSelection *
process_selection (HtAttachDialog *dialog)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW, NULL));

  return GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
}

/* Selects the process @pid, returning its position */
static guint
select_pid (HtAttachDialog *dialog,
            GPid            pid)
{
  GListModel *model = G_LIST_MODEL (process_selection (dialog));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HtProcessItem) item = g_list_model_get_item (model, i);

      if (ht_process_item_get_pid (item) == pid)
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), i);
          return i;
        }
    }
  g_assert_not_reached ();
}

static void
search (HtAttachDialog *dialog,
        const char     *text,
        guint           expected)
{
  GtkEditable *entry = GTK_EDITABLE (find_widget (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY, NULL));
  GListModel *model = G_LIST_MODEL (process_selection (dialog));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_editable_set_text (entry, text);
  /* the search entry waits a moment for more typing */
  while (g_list_model_get_n_items (model) != expected)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate (20);
    }
}

#define OWN_UID     4242
#define FOREIGN_UID 0

static void
add_processes (FakeProc *fake)
{
  static const char firefox[] = "/usr/lib/firefox-esr/firefox-esr\0--new-window\0";
  static const char server[] = "python3\0-X\0importtime\0server.py\0--port\0008080\0";
  static const char editor[] = "gnome-text-editor\0--gapplication-service\0";
  static const char cargo[] = "/home/ada/.cargo/bin/cargo\0build\0--release\0";
  static const char postgres[] = "/usr/lib/postgresql/15/bin/postgres\0-D\0/var/lib/postgresql/15/main\0";

  set_ptrace_scope (fake, 0);
  add_process (fake, 1, 0, "systemd", FOREIGN_UID, FOREIGN_UID, 12340, "/sbin/init\0", 11);
  add_process (fake, 2, 0, "kthreadd", FOREIGN_UID, FOREIGN_UID, -1, "", 0);
  add_process (fake, 1893, 1, "firefox-esr", OWN_UID, OWN_UID, 831488, firefox, sizeof firefox);
  add_process (fake, 2210, 1, "python3", OWN_UID, OWN_UID, 95232, server, sizeof server);
  add_process (fake, 2304, 1, "gnome-text-edit", OWN_UID, OWN_UID, 61440, editor, sizeof editor);
  add_process (fake, 3120, 1, "cargo", OWN_UID, OWN_UID, 24576, cargo, sizeof cargo);
  add_process (fake, 812, 1, "postgres", FOREIGN_UID, FOREIGN_UID, 148480, postgres, sizeof postgres);
}

/* The processes of a fake /proc, another user's greyed out with why;
 * filtered; attaching to the one chosen */
static void
test_attach (FakeProc      *fake,
             gconstpointer  data)
{
  g_autoptr(HtRecorderProcess) process = NULL;
  GtkSingleSelection *selection;
  HtAttachDialog *dialog;
  HtProcessItem *item;
  guint position;

  add_processes (fake);
  dialog = open_attach_dialog (fake, OWN_UID);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "record", G_CALLBACK (record_cb), &process);
  selection = process_selection (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 6);
  /* gdb is there (a fake one): no banner */
  assert_text_contains (GTK_WIDGET (dialog), "firefox-esr");
  assert_text_contains (GTK_WIDGET (dialog), "851.4\u00a0MB");
  assert_text_contains (GTK_WIDGET (dialog), "/usr/lib/firefox-esr/firefox-esr --new-window");

  /* the largest attachable one comes first, selected */
  item = gtk_single_selection_get_selected_item (selection);
  g_assert_cmpint (ht_process_item_get_pid (item), ==, 1893);
  assert_text_contains (GTK_WIDGET (dialog), "Records firefox-esr (PID 1893) from now until you stop");
  g_assert_true (confirm_enabled (dialog));

  /* another user's: greyed out, with the reason below when selected */
  select_pid (dialog, 812);
  item = gtk_single_selection_get_selected_item (selection);
  g_assert_false (ht_process_item_get_attachable (item));
  assert_text_contains (GTK_WIDGET (dialog), "Belongs to root: only they or root can record it");
  g_assert_false (confirm_enabled (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.attach", NULL);
  g_assert_null (process);

  /* filtered by name, by PID, by command line */
  search (dialog, "PYTH", 1);
  search (dialog, "23", 1);
  item = g_list_model_get_item (G_LIST_MODEL (selection), 0);
  g_assert_cmpint (ht_process_item_get_pid (item), ==, 2304);
  g_object_unref (item);
  search (dialog, "release", 1);
  search (dialog, "no such process", 0);
  search (dialog, "", 6);

  position = select_pid (dialog, 2210);
  iterate (200);
  save_screenshot (GTK_WIDGET (dialog), "attach-dialog");
  /* double-click or Enter on the row */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW, NULL), "activate", position);
  g_assert_nonnull (process);
  g_assert_cmpstr (ht_recorder_process_get_command_line (process), ==, "pid 2210");
  iterate (50);
  g_assert_null (dialog);
}

/* No gdb: a banner says so, and nothing can be attached */
static void
test_attach_without_gdb (FakeProc      *fake,
                         gconstpointer  data)
{
  HtAttachDialog *dialog;

  add_processes (fake);
  set_gdb_installed (fake, FALSE);
  dialog = open_attach_dialog (fake, OWN_UID);
  assert_text_contains (GTK_WIDGET (dialog), "Attaching to a running process needs gdb, which is not installed.");
  assert_text_contains (GTK_WIDGET (dialog), "gdb is not installed, and attaching needs it: install the gdb package");
  g_assert_false (confirm_enabled (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* In a Flatpak the host's processes cannot be seen: said instead of a list */
static void
test_attach_in_flatpak (FakeProc      *fake,
                        gconstpointer  data)
{
  g_autofree char *marker = g_build_filename (fake->root, "flatpak-info", NULL);
  HtAttachDialog *dialog;

  add_processes (fake);
  write_file (fake->root, "flatpak-info", "[Application]\n", -1);
  g_setenv ("HT_FLATPAK_INFO", marker, TRUE);
  dialog = g_object_new (HT_TYPE_ATTACH_DIALOG, "proc-root", fake->root, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate (100);
  assert_text_contains (GTK_WIDGET (dialog), "Flatpak sandbox, which shows only its own processes");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (process_selection (dialog))), ==, 0);
  g_assert_false (confirm_enabled (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unsetenv ("HT_FLATPAK_INFO");
}

/* A sandbox that may run the recorder on the host: the host's processes
 * still cannot be listed, but the one to record can be named */
static void
test_attach_in_flatpak_by_pid (FakeProc      *fake,
                               gconstpointer  data)
{
  g_autofree char *marker = g_build_filename (fake->root, "flatpak-info", NULL);
  g_autoptr(HtRecorderProcess) process = NULL;
  HtAttachDialog *dialog;
  AdwEntryRow *row;

  write_file (fake->root, "flatpak-info",
              "[Application]\n[Session Bus Policy]\norg.freedesktop.Flatpak=talk\n", -1);
  g_setenv ("HT_FLATPAK_INFO", marker, TRUE);
  dialog = g_object_new (HT_TYPE_ATTACH_DIALOG, "proc-root", fake->root, NULL);
  g_signal_connect (dialog, "record", G_CALLBACK (record_cb), &process);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate (100);
  assert_text_contains (GTK_WIDGET (dialog), "Enter the ID of the process to record");
  row = ADW_ENTRY_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (row)));
  g_assert_false (confirm_enabled (dialog));
  gtk_editable_set_text (GTK_EDITABLE (row), "12ab");
  g_assert_false (confirm_enabled (dialog));
  /* above any pid_max: no process of this machine lends its name */
  gtk_editable_set_text (GTK_EDITABLE (row), "4194305");
  g_assert_true (confirm_enabled (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.attach", NULL));
  g_assert_nonnull (process);
  g_assert_cmpstr (ht_recorder_process_get_command_line (process), ==, "pid 4194305");
  g_unsetenv ("HT_FLATPAK_INFO");
}

static gboolean
is_reset_button (GtkWidget *widget)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Use the Default Folder") == 0;
}

/* The preferences show the folder recordings go to, the default until one
 * is chosen */
static void
test_preferences (void)
{
  g_autofree char *default_folder = NULL;
  GSettings *settings = ht_settings_get ();
  GtkWindow *preferences;

  g_settings_reset (settings, "trace-folder");
  default_folder = ht_recorder_default_folder ();
  ht_show_preferences (NULL);
  preferences = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  iterate (100);
  assert_text_contains (GTK_WIDGET (preferences), "Trace Folder");
  assert_text_contains (GTK_WIDGET (preferences), default_folder);

  g_assert_false (gtk_widget_get_visible (find_widget (GTK_WIDGET (preferences), GTK_TYPE_BUTTON, is_reset_button)));

  /* chosen: the folder ht_recorder_default_folder () makes of it, and a
   * way back to the default */
  g_settings_set_string (settings, "trace-folder", "/srv/traces");
  iterate (50);
  g_clear_pointer (&default_folder, g_free);
  default_folder = ht_recorder_default_folder ();
  assert_text_contains (GTK_WIDGET (preferences), default_folder);
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (preferences), GTK_TYPE_BUTTON, is_reset_button)));
  save_screenshot (GTK_WIDGET (preferences), "preferences");
  g_settings_reset (settings, "trace-folder");
  gtk_window_destroy (preferences);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/record-dialog/record", test_record);
  g_test_add_func ("/record-dialog/recent", test_recent);
  g_test_add_func ("/record-dialog/invalid", test_invalid);
  g_test_add_func ("/record-dialog/preferences", test_preferences);
  g_test_add ("/attach-dialog/attach", FakeProc, NULL, fake_proc_set_up, test_attach, fake_proc_tear_down);
  g_test_add ("/attach-dialog/without-gdb", FakeProc, NULL, fake_proc_set_up, test_attach_without_gdb,
              fake_proc_tear_down);
  g_test_add ("/attach-dialog/in-flatpak-by-pid", FakeProc, NULL, fake_proc_set_up, test_attach_in_flatpak_by_pid,
              fake_proc_tear_down);
  g_test_add ("/attach-dialog/in-flatpak", FakeProc, NULL, fake_proc_set_up, test_attach_in_flatpak,
              fake_proc_tear_down);

  return g_test_run ();
}
