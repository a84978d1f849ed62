/* ht-process-list.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The running processes, for "Attach…": who they are and whether this user
 * may record them (heaptrack-gtk-record --pid attaches through gdb). */

#define HT_TYPE_PROCESS_ITEM (ht_process_item_get_type ())

G_DECLARE_FINAL_TYPE (HtProcessItem, ht_process_item, HT, PROCESS_ITEM, GObject)

/* Properties: "pid" (int), "name" (char*: comm), "command-line" (char*:
 * cmdline, NUL bytes as spaces; empty for kernel threads), "resident" (guint64:
 * bytes), "user" (char*: the owner's name), "attachable" (gboolean), "reason"
 * (char*: NULL when attachable, else why not, with advice: another user's
 * process, the kernel's ptrace policy (kernel.yama.ptrace_scope, with the
 * sysctl that allows it), gdb missing, a kernel thread, our own process) */
GPid        ht_process_item_get_pid          (HtProcessItem *self);
const char *ht_process_item_get_name         (HtProcessItem *self);
const char *ht_process_item_get_command_line (HtProcessItem *self);
guint64     ht_process_item_get_resident     (HtProcessItem *self);
const char *ht_process_item_get_user         (HtProcessItem *self);
gboolean    ht_process_item_get_attachable   (HtProcessItem *self);
const char *ht_process_item_get_reason       (HtProcessItem *self);

/* Reads @proc_root ("/proc"; tests give a fake tree) into a list of
 * HtProcessItem, sorted attachable first, then by resident size, largest
 * first. Kernel threads are left out. */
GListModel *ht_process_list_read             (const char    *proc_root,
                                              GError       **error);
/* The same, as the user @uid would see it (root may record any process):
 * for the tests, which may run as root or not */
GListModel *ht_process_list_read_as          (const char    *proc_root,
                                              guint          uid,
                                              GError       **error);

/* Whether the processes of the computer can be seen at all: FALSE with
 * *@why (a sentence for the dialog) inside a Flatpak, whose sandbox shows
 * only its own processes. The Flatpak's marker is /.flatpak-info, or
 * $HT_FLATPAK_INFO if set (tests). */
gboolean    ht_process_list_available        (char         **why);

/* Whether heaptrack-gtk-record --pid can attach at all: FALSE with *@why
 * (a sentence for the dialog) when gdb, which it attaches with, is not
 * installed */
gboolean    ht_process_list_can_attach       (char         **why);

G_END_DECLS
