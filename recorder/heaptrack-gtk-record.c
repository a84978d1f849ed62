/* heaptrack-gtk-record.c: runs a program under the recorder
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack-gtk-record [-o NAME] [--record-only] [-q] PROGRAM ARGS...
 *
 * A socketpair connects the program (LD_PRELOAD=our library,
 * HT_OUTPUT_FD=<its end>) to the symbolizer process (stdin = the other end),
 * which writes NAME.zst. The program's exit status passes through: 128+N when
 * it was killed by signal N, 127 when it is missing, 126 when it cannot be
 * executed and 125 when the recorder itself failed.
 */

#define G_LOG_DOMAIN "heaptrack-gtk-record"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#define EXIT_RECORDER_ERROR 125
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND 127

/* the fd number the program sees; the preload library moves it up at once */
#define CHILD_OUTPUT_FD 3

static gboolean quiet;

static void
usage (void)
{
  g_print ("Usage: heaptrack-gtk-record [OPTIONS] PROGRAM [ARGS...]\n"
           "\n"
           "Records the heap allocations of PROGRAM into a heaptrack trace.\n"
           "\n"
           "Options:\n"
           "  -o, --output NAME   write NAME.zst (%%p: our pid, %%h: host name)\n"
           "      --record-only   only record: do not open the trace in heaptrack-gtk\n"
           "  -q, --quiet         print nothing but errors\n"
           "  -h, --help          show this help\n");
}

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
    return g_strdup (env);
  path = sibling (file_name);
  if (path != NULL)
    return path;
  return g_strdup (installed);
}

static char *
expand_output (const char *name)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p; p++)
    {
      if (p[0] == '%' && p[1] == 'p')
        {
          g_string_append (s, pid);
          p++;
        }
      else if (p[0] == '%' && p[1] == 'h')
        {
          g_string_append (s, g_get_host_name ());
          p++;
        }
      else
        g_string_append_c (s, *p);
    }
  if (!g_str_has_suffix (s->str, ".zst"))
    g_string_append (s, ".zst");
  return g_string_free (s, FALSE);
}

/* PROGRAM as the shell would find it; sets the exit code on failure */
static char *
resolve_program (const char *program,
                 int        *code)
{
  char *path;

  if (strchr (program, '/') != NULL)
    path = g_strdup (program);
  else
    path = g_find_program_in_path (program);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("heaptrack-gtk-record: %s: command not found\n", program);
      *code = EXIT_NOT_FOUND;
      g_free (path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR) || access (path, X_OK) != 0)
    {
      g_printerr ("heaptrack-gtk-record: %s: cannot execute: %s\n", program,
                  g_file_test (path, G_FILE_TEST_IS_DIR) ? "is a directory" : g_strerror (EACCES));
      *code = EXIT_NOT_EXECUTABLE;
      g_free (path);
      return NULL;
    }
  return path;
}

static void
symbolizer_setup (gpointer user_data)
{
  /* Ctrl+C reaches the whole process group: the symbolizer must live on
   * to write what the program recorded until then */
  signal (SIGINT, SIG_IGN);
  signal (SIGQUIT, SIG_IGN);
}

static int
wait_for (GPid pid)
{
  int status;

  while (waitpid (pid, &status, 0) < 0)
    {
      if (errno != EINTR)
        return -1;
    }
  return status;
}

/* As heaptrack does: on a desktop, the trace opens in the application
 * (a running instance takes it); its failures do not concern the program's
 * exit status. */
static void
open_in_gui (const char *output)
{
  g_autofree char *gui = g_find_program_in_path ("heaptrack-gtk");
  const char *argv[] = { gui, output, NULL };
  g_autoptr(GError) error = NULL;

  if (gui == NULL || (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL))
    return;
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
    g_printerr ("heaptrack-gtk-record: cannot open %s in heaptrack-gtk: %s\n", output, error->message);
}

int
main (int   argc,
      char *argv[])
{
  const char *output_option = NULL;
  gboolean record_only = FALSE;
  g_autofree char *output = NULL;
  g_autofree char *program = NULL;
  g_autofree char *preload = NULL;
  g_autofree char *symbolizer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = NULL;
  const char *old_preload;
  int fds[2];
  int first_arg = argc;
  int code = 0;
  GPid symbolizer_pid, program_pid;
  int status, sym_status;

  setlocale (LC_ALL, "");

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--") == 0)
        {
          first_arg = i + 1;
          break;
        }
      if (arg[0] != '-')
        {
          first_arg = i;
          break;
        }
      if (strcmp (arg, "-o") == 0 || strcmp (arg, "--output") == 0
          || strcmp (arg, "--output-file") == 0)
        {
          if (i + 1 >= argc)
            {
              g_printerr ("heaptrack-gtk-record: %s needs a file name\n", arg);
              return EXIT_RECORDER_ERROR;
            }
          output_option = argv[++i];
        }
      else if (g_str_has_prefix (arg, "--output="))
        output_option = arg + strlen ("--output=");
      else if (strcmp (arg, "--record-only") == 0)
        record_only = TRUE;
      else if (strcmp (arg, "-q") == 0 || strcmp (arg, "--quiet") == 0)
        quiet = TRUE;
      else if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0)
        {
          usage ();
          return 0;
        }
      else
        {
          g_printerr ("heaptrack-gtk-record: unknown option %s\n", arg);
          usage ();
          return EXIT_RECORDER_ERROR;
        }
    }
  if (first_arg >= argc)
    {
      usage ();
      return EXIT_RECORDER_ERROR;
    }

  program = resolve_program (argv[first_arg], &code);
  if (program == NULL)
    return code;

  if (output_option != NULL)
    output = expand_output (output_option);
  else
    {
      g_autofree char *base = g_path_get_basename (argv[first_arg]);
      g_autofree char *name = g_strdup_printf ("heaptrack.%s.%d.zst", base, (int) getpid ());
      g_autofree char *cwd = g_get_current_dir ();

      output = g_build_filename (cwd, name, NULL);
    }
  {
    g_autofree char *dir = g_path_get_dirname (output);

    if (g_mkdir_with_parents (dir, 0755) != 0)
      {
        g_printerr ("heaptrack-gtk-record: cannot create %s: %s\n", dir, g_strerror (errno));
        return EXIT_RECORDER_ERROR;
      }
  }

  preload = find_helper ("HT_PRELOAD_LIB", "libheaptrack-gtk-preload.so", HT_PRELOAD_LIB_INSTALLED);
  symbolizer = find_helper ("HT_SYMBOLIZER", "heaptrack-gtk-symbolizer", HT_SYMBOLIZER_INSTALLED);
  if (!g_file_test (preload, G_FILE_TEST_EXISTS))
    {
      g_printerr ("heaptrack-gtk-record: the recorder library %s is missing\n", preload);
      return EXIT_RECORDER_ERROR;
    }

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      g_printerr ("heaptrack-gtk-record: socketpair: %s\n", g_strerror (errno));
      return EXIT_RECORDER_ERROR;
    }
  /* only the program writes, only the symbolizer reads */
  shutdown (fds[0], SHUT_WR);

  {
    const char *sym_argv[] = { symbolizer, "-o", output, quiet ? "-q" : NULL, NULL };
    int source_fds[] = { fds[0] };
    int target_fds[] = { STDIN_FILENO };

    if (!g_spawn_async_with_pipes_and_fds (NULL, sym_argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD,
                                           symbolizer_setup, NULL,
                                           -1, -1, -1,
                                           source_fds, target_fds, 1,
                                           &symbolizer_pid, NULL, NULL, NULL, &error))
      {
        g_printerr ("heaptrack-gtk-record: cannot start %s: %s\n", symbolizer, error->message);
        return EXIT_RECORDER_ERROR;
      }
  }
  close (fds[0]);

  env = g_get_environ ();
  old_preload = g_environ_getenv (env, "LD_PRELOAD");
  {
    g_autofree char *value = old_preload && *old_preload
                             ? g_strconcat (preload, ":", old_preload, NULL)
                             : g_strdup (preload);
    env = g_environ_setenv (env, "LD_PRELOAD", value, TRUE);
    env = g_environ_setenv (env, "HT_OUTPUT_FD", G_STRINGIFY (CHILD_OUTPUT_FD), TRUE);
  }

  if (!quiet)
    g_printerr ("heaptrack-gtk-record: recording %s, output will be written to %s\n",
                program, output);

  {
    int source_fds[] = { fds[1] };
    int target_fds[] = { CHILD_OUTPUT_FD };

    argv[first_arg] = program;
    if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv + first_arg,
                                           (const char * const *) env,
                                           G_SPAWN_DO_NOT_REAP_CHILD
                                           | G_SPAWN_CHILD_INHERITS_STDIN,
                                           NULL, NULL,
                                           -1, -1, -1,
                                           source_fds, target_fds, 1,
                                           &program_pid, NULL, NULL, NULL, &error))
      {
        close (fds[1]);
        wait_for (symbolizer_pid);
        g_printerr ("heaptrack-gtk-record: %s: %s\n", program, error->message);
        if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
          return EXIT_NOT_FOUND;
        if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_ACCES)
            || g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOEXEC))
          return EXIT_NOT_EXECUTABLE;
        return EXIT_RECORDER_ERROR;
      }
  }
  close (fds[1]);

  /* the program gets the terminal's signals; we stay to report */
  signal (SIGINT, SIG_IGN);
  signal (SIGQUIT, SIG_IGN);

  status = wait_for (program_pid);
  sym_status = wait_for (symbolizer_pid);

  if (status == -1)
    code = EXIT_RECORDER_ERROR;
  else if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);

      g_printerr ("heaptrack-gtk-record: %s was killed by signal %d (%s)\n",
                  program, sig, g_strsignal (sig));
      code = 128 + sig;
    }
  else
    code = WEXITSTATUS (status);

  if (sym_status == -1 || !WIFEXITED (sym_status) || WEXITSTATUS (sym_status) != 0)
    {
      g_autofree char *tmp = g_strconcat (output, ".tmp", NULL);

      /* a killed symbolizer leaves its half-written file behind */
      g_unlink (tmp);
      g_printerr ("heaptrack-gtk-record: the symbolizer failed, no trace was written\n");
      return EXIT_RECORDER_ERROR;
    }

  if (!quiet)
    {
      g_printerr ("heaptrack-gtk-record: trace written to %s\n", output);
      if (!record_only)
        g_printerr ("Open it with: heaptrack-gtk %s\n"
                    "or print it with: heaptrack-gtk-print %s\n", output, output);
    }
  if (!record_only)
    open_in_gui (output);
  return code;
}
