/* main.c: heaptrack-gtk, the application
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "ht-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(HtApplication) app = NULL;

  ht_application_tune_malloc ();
  ht_application_avoid_software_gl ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Heaptrack"));

  app = ht_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
