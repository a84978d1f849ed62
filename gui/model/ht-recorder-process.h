/* ht-recorder-process.h
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ht-recorder-host.h"

G_BEGIN_DECLS

/* One run of heaptrack-gtk-record started by the application: a program
 * launched or a process attached to. It reads the launcher's --status-fd
 * lines (recorder/README.md, "Status lines"), collects the program's
 * output (the pane and NAME.log beside the trace) and stops the recording
 * when asked. No GTK: the window binds to its properties. */

typedef enum
{
  HT_RECORDER_STATE_STARTING,  /* spawned, no trace announced yet */
  HT_RECORDER_STATE_RUNNING,   /* a trace is being written: trace-path is set */
  HT_RECORDER_STATE_STOPPING,  /* ht_recorder_process_stop () was called */
  HT_RECORDER_STATE_FINISHED,  /* the launcher exited and a trace was written */
  HT_RECORDER_STATE_FAILED,    /* the launcher exited without a trace, or could not start: message says why */
} HtRecorderState;

#define HT_TYPE_RECORDER_STATE (ht_recorder_state_get_type ())
GType ht_recorder_state_get_type (void);

#define HT_TYPE_RECORDER_PROCESS (ht_recorder_process_get_type ())

G_DECLARE_FINAL_TYPE (HtRecorderProcess, ht_recorder_process, HT, RECORDER_PROCESS, GObject)

/* What to record. @argv: the program and its arguments; @working_dir: NULL
 * for the application's; @environment: "NAME=value" strings added to the
 * application's environment, or NULL; @output_dir: the folder the trace goes
 * to (created if missing). */
HtRecorderProcess *ht_recorder_process_new_launch     (const char * const *argv,
                                                       const char         *working_dir,
                                                       const char * const *environment,
                                                       const char         *output_dir);
HtRecorderProcess *ht_recorder_process_new_attach     (GPid                pid,
                                                       const char         *output_dir);

/* Spawns the launcher; FALSE with @error when it cannot be started at all
 * (state FAILED, message set). Any later failure (program not found, not
 * attachable…) arrives as state FAILED with the launcher's own words in
 * "message". */
gboolean           ht_recorder_process_start          (HtRecorderProcess  *self,
                                                       GError            **error);

/* Ends the recording. Launched: SIGINT to the program, SIGTERM after 3 s;
 * 3 s after that "stuck" becomes TRUE and the caller may offer
 * ht_recorder_process_kill (). Attached: detaches (SIGINT to the launcher),
 * the program runs on. "stop-reason" then says which ("interrupted",
 * "terminated", "killed", "detached"). */
void               ht_recorder_process_stop           (HtRecorderProcess  *self);
void               ht_recorder_process_kill           (HtRecorderProcess  *self);

/* Properties (all readable, with notify on change, emitted on the thread
 * default main context of the caller of start):
 *   "state"        HtRecorderState
 *   "trace-path"   char*: the trace being (or last) written; changes when the
 *                  program execs (the program it becomes gets a trace of its own)
 *   "program-pid"  int: the recorded process, 0 until known
 *   "command-line" char*: what is recorded, for titles ("ls -l", "pid 1234 (firefox)")
 *   "message"      char*: why it failed, or how it ended ("exited with status 3",
 *                  "killed by signal 9 (Killed)"); NULL while running
 *   "exit-status"  int: the launcher's exit status (the program's, as
 *                  heaptrack-gtk-record documents it); -1 until it exits
 *   "stuck"        gboolean: see ht_recorder_process_stop ()
 *   "stop-reason"  char*: see ht_recorder_process_stop ()
 *   "log-path"     char*: NAME.log beside the trace, once a trace is known
 * Signals:
 *   "output" (const char *text, gboolean is_stderr): the program's (and the
 *            launcher's) output as it comes, in UTF-8 (invalid bytes replaced)
 */
HtRecorderState    ht_recorder_process_get_state      (HtRecorderProcess  *self);
const char        *ht_recorder_process_get_trace_path (HtRecorderProcess  *self);
GPid               ht_recorder_process_get_program_pid (HtRecorderProcess *self);
const char        *ht_recorder_process_get_command_line (HtRecorderProcess *self);
const char        *ht_recorder_process_get_message    (HtRecorderProcess  *self);
int                ht_recorder_process_get_exit_status (HtRecorderProcess *self);
gboolean           ht_recorder_process_get_stuck      (HtRecorderProcess  *self);
const char        *ht_recorder_process_get_stop_reason (HtRecorderProcess *self);
const char        *ht_recorder_process_get_log_path   (HtRecorderProcess  *self);
/* every trace written, the main process's last program first (as the launcher lists them) */
GPtrArray         *ht_recorder_process_get_traces     (HtRecorderProcess  *self);
/* the whole output so far */
const char        *ht_recorder_process_get_output     (HtRecorderProcess  *self);

G_END_DECLS
