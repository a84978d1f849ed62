/* ht-attach-dialog.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ht-recorder-process.h"

G_BEGIN_DECLS

#define HT_TYPE_ATTACH_DIALOG (ht_attach_dialog_get_type ())

/* "Attach…": the running processes, those the user may not record greyed
 * out with the reason. Construct properties "proc-root" ("/proc") and
 * "uid" (-1: the user's) let tests show a fake tree as some user would see
 * it; "loading" is TRUE while the list is read. Signal "record"
 * (HtRecorderProcess *process): the user confirmed; the process is
 * configured, not started, and the dialog closes. */
G_DECLARE_FINAL_TYPE (HtAttachDialog, ht_attach_dialog, HT, ATTACH_DIALOG, AdwWindow)

HtAttachDialog *ht_attach_dialog_new (GtkWindow *parent);

G_END_DECLS
