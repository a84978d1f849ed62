/* ht-recorder-host.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether the application runs in a Flatpak sandbox (/.flatpak-info, or
 * $HT_FLATPAK_INFO for tests) */
gboolean    ht_recorder_host_in_flatpak (void);
/* The launcher's program, the first word of its command line:
 * $HT_RECORD_PROGRAM if set (tests); in a Flatpak the host's
 * heaptrack-gtk-record; else the one installed beside the application,
 * or the first on PATH */
const char *ht_recorder_host_launcher   (gboolean flatpak);

/* Whether recording is possible here: FALSE with *@why (a sentence for the
 * start page) when the launcher cannot be found, or inside a Flatpak whose
 * sandbox may not run it on the host (flatpak-spawn --host). */
gboolean    ht_recorder_available       (char    **why);

/* The default folder of traces: $XDG_DATA_HOME/heaptrack-gtk/traces, or the
 * "trace-folder" setting when not empty */
char       *ht_recorder_default_folder  (void);

G_END_DECLS
