/* heaptrack-gtk-record.c: runs a program under the recorder, or attaches to one
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack-gtk-record [OPTIONS] PROGRAM [ARGS...]
 *   A socketpair connects the program (LD_PRELOAD=our library,
 *   HT_OUTPUT_FD=<its end>) to the symbolizer (stdin = the other end), which
 *   writes the trace. The program waits at a gate until the symbolizer runs:
 *   the file name holds the program's pid.
 *
 * heaptrack-gtk-record [OPTIONS] --pid PID
 *   gdb dlopen()s our library into the process and calls
 *   heaptrack_gtk_inject (socket) there (ht-inject.c); the process connects
 *   to our listening socket, whose accepted end is the symbolizer's stdin.
 *   SIGINT or SIGTERM detach through gdb again (heaptrack_gtk_uninject).
 *
 * heaptrack-gtk-record --symbolize RAWFILE
 *   symbolizes a stream recorded with --raw.
 *
 * --follow-fork: the preload library connects one more stream per forked
 * child or exec'ed image to a socket we listen on (HT_FOLLOW_FORK_SOCKET);
 * each gets its own symbolizer, which names the file after the process.
 *
 * Exit status: the program's; 128+N when it was killed by signal N; 127 when
 * it is missing, 126 when it cannot be executed, 125 when the recorder
 * itself failed. --pid and --symbolize: 0 or 125.
 */

#define _GNU_SOURCE
#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gelf.h>
#include <glib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ht-record-private.h"

HtRecordOptions _ht_record_options;

static const GOptionEntry entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &_ht_record_options.output,
    "Write the trace to NAME.zst (%p: pid, %h: host name, %n: program name)", "NAME" },
  { "pid", 'p', 0, G_OPTION_ARG_STRING, &_ht_record_options.pid,
    "Attach to the running process PID (through gdb)", "PID" },
  { "raw", 'r', 0, G_OPTION_ARG_NONE, &_ht_record_options.raw,
    "Write the unsymbolized stream (NAME.raw.zst), to symbolize later", NULL },
  { "symbolize", 0, 0, G_OPTION_ARG_FILENAME, &_ht_record_options.symbolize,
    "Symbolize a stream recorded with --raw", "RAWFILE" },
  { "sysroot", 0, 0, G_OPTION_ARG_FILENAME, &_ht_record_options.sysroot,
    "Look for the recorded binaries below DIR", "DIR" },
  { "debug-paths", 0, 0, G_OPTION_ARG_STRING, &_ht_record_options.debug_paths,
    "Look for separate debug info in DIRS (colon-separated)", "DIRS" },
  { "follow-fork", 0, 0, G_OPTION_ARG_NONE, &_ht_record_options.follow_fork,
    "Also record forked children and exec'ed programs, one trace each", NULL },
  { "record-only", 0, 0, G_OPTION_ARG_NONE, &_ht_record_options.record_only,
    "Do not open the trace in heaptrack-gtk", NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &_ht_record_options.quiet,
    "Print nothing but errors", NULL },
  { "version", 'v', 0, G_OPTION_ARG_NONE, &_ht_record_options.version,
    "Print the version", NULL },
  { NULL }
};

void
_ht_record_error (const char *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr (PROGRAM_NAME ": %s\n", text);
}

void
_ht_record_note (const char *format,
                 ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (_ht_record_options.quiet)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr (PROGRAM_NAME ": %s\n", text);
}

/* ---- helpers ------------------------------------------------------------- */

/* a file next to this executable, for uninstalled builds */
static char *
sibling (const char *name)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  char *path;

  if (self == NULL)
    return NULL;
  dir = g_path_get_dirname (self);
  path = g_build_filename (dir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_free (path);
  return NULL;
}

static char *
find_helper (const char *env_name,
             const char *file_name,
             const char *installed)
{
  const char *env = g_getenv (env_name);
  char *path;

  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);
  path = sibling (file_name);
  if (path != NULL)
    return path;
  return g_strdup (installed);
}

/* ---- symbolizing a raw stream ------------------------------------------- */

static int
symbolize (const char *symbolizer,
           const char *raw_file)
{
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status;

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
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL, &status, &error))
    {
      _ht_record_error ("cannot start %s: %s", symbolizer, error->message);
      return EXIT_RECORDER_ERROR;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *tmp = g_strconcat (output, ".tmp", NULL);

      g_unlink (tmp);
      _ht_record_error ("symbolizing %s failed, no trace was written", raw_file);
      return EXIT_RECORDER_ERROR;
    }
  if (!_ht_record_options.quiet)
    {
      g_printerr (PROGRAM_NAME ": trace written to %s\n", output);
      _ht_record_print_totals (output);
      g_printerr ("Open it with: heaptrack-gtk %s\n"
                  "or print it with: heaptrack-gtk-print %s\n", output, output);
    }
  if (!_ht_record_options.record_only)
    _ht_record_open_in_gui (output);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  HtRecordOptions *options = &_ht_record_options;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *preload = NULL;
  g_autofree char *symbolizer = NULL;
  int first_arg = 1;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("PROGRAM [ARGS...]");
  g_option_context_set_summary (context,
                                "Records the heap allocations of PROGRAM into a heaptrack trace.\n"
                                "\n"
                                "  " PROGRAM_NAME " [OPTIONS] PROGRAM [ARGS...]\n"
                                "  " PROGRAM_NAME " [OPTIONS] --pid PID\n"
                                "  " PROGRAM_NAME " --symbolize RAWFILE [-o NAME]");
  g_option_context_set_description (context,
                                    "The trace goes to heaptrack.PROGRAM.PID.zst in the working "
                                    "folder unless -o says otherwise.\n"
                                    "Exit status: the program's; 128+N if a signal N killed it; "
                                    "125 recorder error, 126 not executable, 127 not found.");
  g_option_context_add_main_entries (context, entries, NULL);
  /* options after PROGRAM are PROGRAM's */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _ht_record_error ("%s (see --help)", error->message);
      return EXIT_RECORDER_ERROR;
    }
  if (options->version)
    {
      g_print (PROGRAM_NAME " " PACKAGE_VERSION "\n");
      return 0;
    }
  if (first_arg < argc && strcmp (argv[first_arg], "--") == 0)
    first_arg++;

  preload = find_helper ("HT_PRELOAD_LIB", "libheaptrack-gtk-preload.so", HT_PRELOAD_LIB_INSTALLED);
  symbolizer = find_helper ("HT_SYMBOLIZER", "heaptrack-gtk-symbolizer", HT_SYMBOLIZER_INSTALLED);

  if ((options->pid != NULL) + (options->symbolize != NULL) + (first_arg < argc) > 1)
    {
      _ht_record_error ("give one of PROGRAM, --pid PID or --symbolize RAWFILE");
      return EXIT_RECORDER_ERROR;
    }
  if (options->symbolize != NULL)
    return symbolize (symbolizer, options->symbolize);
  if (options->pid != NULL)
    {
      if (options->follow_fork)
        {
          _ht_record_error ("--follow-fork works only for a program we start, not with --pid");
          return EXIT_RECORDER_ERROR;
        }
      return _ht_record_attach (symbolizer, preload, options->pid);
    }
  if (first_arg >= argc)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_RECORDER_ERROR;
    }
  return _ht_record_run_program (symbolizer, preload, argv + first_arg);
}
