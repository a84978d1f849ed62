/* ht-recorder-host.c: where the application's recordings run
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which heaptrack-gtk-record runs, whether one can (inside a Flatpak only
 * on the host, through flatpak-spawn --host, where the sandbox may ask
 * for it), and the folder traces go to.
 */

#define G_LOG_DOMAIN "ht-recorder-host"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "ht-recorder-host.h"

#define LAUNCHER_NAME "heaptrack-gtk-record"

/* The Flatpak's description of its sandbox: a test may give another */
static const char *
flatpak_info_path (void)
{
  const char *path = g_getenv ("HT_FLATPAK_INFO");

  return path != NULL ? path : "/.flatpak-info";
}

gboolean
ht_recorder_host_in_flatpak (void)
{
  return g_file_test (flatpak_info_path (), G_FILE_TEST_EXISTS);
}

/* The launcher, as the first words of its command line: inside a Flatpak it
 * is the host's, which only flatpak-spawn --host can start */
const char *
ht_recorder_host_launcher (gboolean flatpak)
{
  static char *installed;
  const char *program = g_getenv ("HT_RECORD_PROGRAM");

  if (program != NULL)
    return program;
  if (flatpak)
    return LAUNCHER_NAME;
  /* installed beside us, else wherever PATH has it (a build run from its
   * tree, a launcher installed under another prefix) */
  if (installed == NULL)
    {
      installed = g_build_filename (BINDIR, LAUNCHER_NAME, NULL);
      if (!g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
        {
          char *found = g_find_program_in_path (LAUNCHER_NAME);

          if (found != NULL)
            {
              g_free (installed);
              installed = found;
            }
        }
    }
  return installed;
}

/* Whether the Flatpak's sandbox may call the portal that runs host
 * commands: its [Session Bus Policy] names org.freedesktop.Flatpak */
static gboolean
flatpak_may_spawn_on_host (void)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *policy = NULL;

  if (!g_key_file_load_from_file (info, flatpak_info_path (), G_KEY_FILE_NONE, NULL))
    return FALSE;
  policy = g_key_file_get_string (info, "Session Bus Policy", "org.freedesktop.Flatpak", NULL);
  return g_strcmp0 (policy, "talk") == 0 || g_strcmp0 (policy, "own") == 0;
}

gboolean
ht_recorder_available (char **why)
{
  const char *program;

  if (ht_recorder_host_in_flatpak ())
    {
      if (flatpak_may_spawn_on_host ())
        return TRUE;
      if (why != NULL)
        *why = g_strdup (_("This sandbox cannot run programs on the host. To record, install "
                           "heaptrack-gtk-record on the host, run “heaptrack-gtk-record PROGRAM” "
                           "in a terminal and open the trace it writes."));
      return FALSE;
    }
  program = ht_recorder_host_launcher (FALSE);
  if (g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;
  if (why != NULL)
    *why = g_strdup_printf (_("The recorder %s is not installed. Install heaptrack-gtk-record "
                              "to record from here."), program);
  return FALSE;
}

char *
ht_recorder_default_folder (void)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* the model runs without the schema installed too (tests, tools) */
  if (schemas != NULL)
    schema = g_settings_schema_source_lookup (schemas, APP_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);
      g_autofree char *folder = g_settings_get_string (settings, "trace-folder");

      if (folder[0] != '\0')
        return g_steal_pointer (&folder);
    }
  return g_build_filename (g_get_user_data_dir (), "heaptrack-gtk", "traces", NULL);
}
