/* ht-record-dialog.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ht-recorder-process.h"

G_BEGIN_DECLS

#define HT_TYPE_RECORD_DIALOG (ht_record_dialog_get_type ())

/* "Record…": the program to launch, its working folder and extra
 * environment. Properties "command-line", "working-folder" and
 * "environment" (the text of the NAME=value pairs) hold what is typed.
 * Signal "record" (HtRecorderProcess *process): the user confirmed; the
 * process is configured, not started, and the dialog closes. */
G_DECLARE_FINAL_TYPE (HtRecordDialog, ht_record_dialog, HT, RECORD_DIALOG, AdwWindow)

HtRecordDialog *ht_record_dialog_new (GtkWindow *parent);

G_END_DECLS
