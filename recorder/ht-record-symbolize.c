/* ht-record-symbolize.c: heaptrack-gtk-record --symbolize RAWFILE
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Symbolizing a stream recorded with --raw, perhaps on another machine
 * (--sysroot, --debug-paths): the symbolizer runs once, in the
 * foreground, on the file, and the trace is reported as a recording's
 * would be. Exit status: 0, or 125 when the recorder failed.
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "ht-record-private.h"

/* Symbolizes @raw_file into a trace; the exit status to return. */
int
_ht_record_symbolize (const char *symbolizer,
                      const char *raw_file)
{
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(HtSymbolizerStatus) status = { 0 };
  int wait_status;
  int status_fd;
  GPid pid;

  if (access (raw_file, R_OK) != 0)
    {
      _ht_record_error ("cannot read %s: %s", raw_file, g_strerror (errno));
      return EXIT_RECORDER_ERROR;
    }
  output = _ht_record_symbolized_output_name (raw_file);
  if (output == NULL)
    return EXIT_RECORDER_ERROR;
  if (!_ht_record_check_output_folder (output))
    return EXIT_RECORDER_ERROR;

  argv = _ht_record_symbolizer_argv (symbolizer, output, FALSE);
  g_ptr_array_add (argv, (char *) raw_file);
  g_ptr_array_add (argv, NULL);
  if (!_ht_record_spawn_symbolizer (argv, -1, &pid, &status_fd, &error))
    {
      _ht_record_error ("cannot start %s: %s", symbolizer, error->message);
      return EXIT_RECORDER_ERROR;
    }
  /* what it says is a few lines, which the pipe holds until it exits */
  while (waitpid (pid, &wait_status, 0) < 0 && errno == EINTR)
    ;
  _ht_record_read_status (status_fd, &status, FALSE);
  close (status_fd);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      if (status.output != NULL && g_file_test (status.output, G_FILE_TEST_EXISTS))
        _ht_record_error ("symbolizing %s failed; %s holds what could be read, cut short",
                          raw_file, status.output);
      else
        _ht_record_error ("symbolizing %s failed, no trace was written", raw_file);
      return EXIT_RECORDER_ERROR;
    }
  if (!_ht_record_options.quiet)
    {
      g_printerr (PROGRAM_NAME ": trace written to %s\n", output);
      _ht_record_print_totals (&status);
      g_printerr ("Open it with: heaptrack-gtk %s\n"
                  "or print it with: heaptrack-gtk-print %s\n", output, output);
    }
  if (!_ht_record_options.record_only)
    _ht_record_open_in_gui (output);
  return 0;
}
