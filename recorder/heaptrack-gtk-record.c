/* heaptrack-gtk-record.c: the launcher's command line
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The options, the help, the messages every part prints, where our library
 * and the symbolizer are, and the choice between the launcher's three ways
 * of working, each in a file of its own:
 *
 * heaptrack-gtk-record [OPTIONS] PROGRAM [ARGS...]
 *   runs PROGRAM with our library preloaded (ht-record-launch.c).
 *
 * heaptrack-gtk-record [OPTIONS] --pid PID
 *   loads our library into a running process with gdb (ht-record-attach.c).
 *
 * heaptrack-gtk-record --symbolize RAWFILE
 *   symbolizes a stream recorded with --raw (ht-record-symbolize.c).
 *
 * The first two share a session of symbolizers and sockets, --follow-fork
 * included (ht-record-session.c); all three name their traces alike
 * (ht-record-output.c) and report them alike (ht-record-report.c), and
 * with --status-fd tell a program that drives them what happens in lines
 * of their own (ht-record-status.c).
 * ht-record-private.h holds what the files share.
 *
 * Exit status: the program's; 128+N when it was killed by signal N; 127 when
 * it is missing, 126 when it cannot be executed, 125 when the recorder
 * itself failed. --pid and --symbolize: 0 or 125.
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

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
  { "status-fd", 0, 0, G_OPTION_ARG_INT, &_ht_record_options.status_fd,
    "Write machine-readable status lines to descriptor FD", "FD" },
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
  _ht_record_status ("error", 0, text);
}

void
_ht_record_complain (const char *format,
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

/* ---- the library and the symbolizer ------------------------------------- */

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

/* The command line's work, after the options; the exit status */
static int
run (GOptionContext *context,
     int             argc,
     char           *argv[])
{
  HtRecordOptions *options = &_ht_record_options;
  g_autofree char *preload = NULL;
  g_autofree char *symbolizer = NULL;
  int first_arg = 1;

  if (options->version)
    {
      g_print (PROGRAM_NAME " " PACKAGE_VERSION "\n");
      return 0;
    }
  if (first_arg < argc && strcmp (argv[first_arg], "--") == 0)
    first_arg++;
  _ht_record_status_publish ();

  preload = find_helper ("HT_PRELOAD_LIB", "libheaptrack-gtk-preload.so", HT_PRELOAD_LIB_INSTALLED);
  symbolizer = find_helper ("HT_SYMBOLIZER", "heaptrack-gtk-symbolizer", HT_SYMBOLIZER_INSTALLED);

  if ((options->pid != NULL) + (options->symbolize != NULL) + (first_arg < argc) > 1)
    {
      _ht_record_error ("give one of PROGRAM, --pid PID or --symbolize RAWFILE");
      return EXIT_RECORDER_ERROR;
    }
  if (options->symbolize != NULL)
    return _ht_record_symbolize (symbolizer, options->symbolize);
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
      _ht_record_status ("error", 0, "no PROGRAM given");
      return EXIT_RECORDER_ERROR;
    }
  return _ht_record_run_program (symbolizer, preload, argv + first_arg);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int code;

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
  _ht_record_options.status_fd = -1;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _ht_record_error ("%s (see --help)", error->message);
      return EXIT_RECORDER_ERROR;
    }
  /* before anything runs: a descriptor that is not open is the caller's
   * mistake, and would lose every line */
  if (_ht_record_options.status_fd != -1 && !_ht_record_status_open (_ht_record_options.status_fd))
    return EXIT_RECORDER_ERROR;
  code = run (context, argc, argv);
  _ht_record_status_exit (code);
  return code;
}
