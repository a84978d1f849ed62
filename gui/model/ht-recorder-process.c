/* ht-recorder-process.c: a recording the application runs
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack-gtk-record runs as a child with three pipes: its status lines
 * (--status-fd=3) and the program's stdout and stderr. All three are read
 * without blocking as they become readable on the main context; when the
 * launcher exits, whatever they still hold is read before the end is told.
 */

#define G_LOG_DOMAIN "ht-recorder-process"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>

#include "ht-recorder-process.h"

/* the steps of ht_recorder_process_stop (): SIGINT, SIGTERM, stuck */
#define STOP_STEP_MS 3000
/* as much as one wake-up of the main context reads from one pipe */
#define READ_SIZE 65536

typedef enum
{
  PIPE_STATUS,
  PIPE_STDOUT,
  PIPE_STDERR,
  N_PIPES
} PipeKind;

typedef struct
{
  HtRecorderProcess *self;
  PipeKind           kind;
  GInputStream      *stream;   /* pollable */
  GSource           *source;   /* NULL once at its end */
  /* status: a line not complete yet; output: a UTF-8 character cut by a read */
  GByteArray        *pending;
} Pipe;

struct _HtRecorderProcess
{
  GObject          parent_instance;
  char           **argv;
  char            *working_dir;
  char           **environment;
  char            *output_dir;
  GPid             attach_pid;
  HtRecorderState  state;
  char            *trace_path;
  GPid             program_pid;
  char            *command_line;
  char            *message;
  int              exit_status;
  gboolean         stuck;
  char            *stop_reason;
  char            *log_path;
  GPtrArray       *traces;
  GString         *output;

  GSubprocess     *launcher;
  gboolean         in_flatpak;   /* the launcher runs on the host, through flatpak-spawn */
  Pipe             pipes[N_PIPES];
  int              log_fd;       /* -1 until a trace is known */
  GMainContext    *context;      /* the caller's of start: everything happens there */
  GSource         *stop_timer;
  gboolean         terminated;   /* the stop's SIGTERM was sent */
  gboolean         written;      /* a trace was completed */
  gboolean         detached;
  int              exit_line;    /* the status of the `exit` line, -1 until it came */
  char            *failure;      /* the launcher's `error` or `failed` words */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_TRACE_PATH,
  PROP_PROGRAM_PID,
  PROP_COMMAND_LINE,
  PROP_MESSAGE,
  PROP_EXIT_STATUS,
  PROP_STUCK,
  PROP_STOP_REASON,
  PROP_LOG_PATH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  OUTPUT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_ENUM_TYPE (HtRecorderState, ht_recorder_state,
  G_DEFINE_ENUM_VALUE (HT_RECORDER_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (HT_RECORDER_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (HT_RECORDER_STATE_STOPPING, "stopping"),
  G_DEFINE_ENUM_VALUE (HT_RECORDER_STATE_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (HT_RECORDER_STATE_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (HtRecorderProcess, ht_recorder_process, G_TYPE_OBJECT)

static void
source_clear (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
pipe_close (Pipe *pipe)
{
  source_clear (&pipe->source);
  g_clear_object (&pipe->stream);
  g_clear_pointer (&pipe->pending, g_byte_array_unref);
}

static void
ht_recorder_process_finalize (GObject *object)
{
  HtRecorderProcess *self = (HtRecorderProcess *) object;

  /* a running launcher holds a reference (wait_cb): it has ended here */
  for (guint i = 0; i < N_PIPES; i++)
    pipe_close (&self->pipes[i]);
  source_clear (&self->stop_timer);
  if (self->log_fd != -1)
    close (self->log_fd);
  g_clear_object (&self->launcher);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_strfreev (self->argv);
  g_free (self->working_dir);
  g_strfreev (self->environment);
  g_free (self->output_dir);
  g_free (self->trace_path);
  g_free (self->command_line);
  g_free (self->message);
  g_free (self->stop_reason);
  g_free (self->log_path);
  g_free (self->failure);
  g_ptr_array_unref (self->traces);
  g_string_free (self->output, TRUE);

  G_OBJECT_CLASS (ht_recorder_process_parent_class)->finalize (object);
}

static void
ht_recorder_process_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HtRecorderProcess *self = HT_RECORDER_PROCESS (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_TRACE_PATH:
      g_value_set_string (value, self->trace_path);
      break;
    case PROP_PROGRAM_PID:
      g_value_set_int (value, self->program_pid);
      break;
    case PROP_COMMAND_LINE:
      g_value_set_string (value, self->command_line);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_EXIT_STATUS:
      g_value_set_int (value, self->exit_status);
      break;
    case PROP_STUCK:
      g_value_set_boolean (value, self->stuck);
      break;
    case PROP_STOP_REASON:
      g_value_set_string (value, self->stop_reason);
      break;
    case PROP_LOG_PATH:
      g_value_set_string (value, self->log_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ht_recorder_process_class_init (HtRecorderProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ht_recorder_process_finalize;
  object_class->get_property = ht_recorder_process_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HT_TYPE_RECORDER_STATE, HT_RECORDER_STATE_STARTING, flags);
  properties[PROP_TRACE_PATH] = g_param_spec_string ("trace-path", NULL, NULL, NULL, flags);
  properties[PROP_PROGRAM_PID] = g_param_spec_int ("program-pid", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_COMMAND_LINE] = g_param_spec_string ("command-line", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_EXIT_STATUS] = g_param_spec_int ("exit-status", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_STUCK] = g_param_spec_boolean ("stuck", NULL, NULL, FALSE, flags);
  properties[PROP_STOP_REASON] = g_param_spec_string ("stop-reason", NULL, NULL, NULL, flags);
  properties[PROP_LOG_PATH] = g_param_spec_string ("log-path", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OUTPUT] = g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
ht_recorder_process_init (HtRecorderProcess *self)
{
  self->exit_status = -1;
  self->exit_line = -1;
  self->log_fd = -1;
  self->traces = g_ptr_array_new_with_free_func (g_free);
  self->output = g_string_new (NULL);
}

HtRecorderProcess *
ht_recorder_process_new_launch (const char * const *argv,
                                const char         *working_dir,
                                const char * const *environment,
                                const char         *output_dir)
{
  HtRecorderProcess *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);
  g_return_val_if_fail (output_dir != NULL, NULL);

  self = g_object_new (HT_TYPE_RECORDER_PROCESS, NULL);
  self->argv = g_strdupv ((char **) argv);
  self->working_dir = g_strdup (working_dir);
  self->environment = g_strdupv ((char **) environment);
  self->output_dir = g_strdup (output_dir);
  self->command_line = g_strjoinv (" ", self->argv);
  return self;
}

HtRecorderProcess *
ht_recorder_process_new_attach (GPid        pid,
                                const char *output_dir)
{
  g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", (int) pid);
  g_autofree char *comm = NULL;
  HtRecorderProcess *self;

  g_return_val_if_fail (pid > 0, NULL);
  g_return_val_if_fail (output_dir != NULL, NULL);

  self = g_object_new (HT_TYPE_RECORDER_PROCESS, NULL);
  self->attach_pid = pid;
  self->output_dir = g_strdup (output_dir);
  if (g_file_get_contents (comm_path, &comm, NULL, NULL))
    self->command_line = g_strdup_printf ("pid %d (%s)", (int) pid, g_strchomp (comm));
  else
    self->command_line = g_strdup_printf ("pid %d", (int) pid);
  return self;
}

/* Setters: notify only on a real change */

static void
set_state (HtRecorderProcess *self,
           HtRecorderState    state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_string (HtRecorderProcess  *self,
            char              **field,
            const char         *value,
            guint               prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Fails before or at the spawn: no launcher runs */
static gboolean
fail_start (HtRecorderProcess  *self,
            GError             *cause,
            GError            **error)
{
  set_string (self, &self->message, cause->message, PROP_MESSAGE);
  set_state (self, HT_RECORDER_STATE_FAILED);
  g_propagate_error (error, cause);
  return FALSE;
}

/* The launcher's command line: flatpak-spawn passes neither the status
 * descriptor, the environment nor the working folder on its own */
static char **
build_argv (HtRecorderProcess *self)
{
  GPtrArray *argv = g_ptr_array_new ();

  if (self->in_flatpak)
    {
      g_ptr_array_add (argv, g_strdup ("flatpak-spawn"));
      g_ptr_array_add (argv, g_strdup ("--host"));
      g_ptr_array_add (argv, g_strdup ("--forward-fd=3"));
      if (self->working_dir != NULL)
        g_ptr_array_add (argv, g_strconcat ("--directory=", self->working_dir, NULL));
      for (char **e = self->environment; e != NULL && *e != NULL; e++)
        g_ptr_array_add (argv, g_strconcat ("--env=", *e, NULL));
    }
  g_ptr_array_add (argv, g_strdup (ht_recorder_host_launcher (self->in_flatpak)));
  g_ptr_array_add (argv, g_strdup ("--record-only"));
  g_ptr_array_add (argv, g_strdup ("-q"));
  g_ptr_array_add (argv, g_strdup ("--status-fd=3"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_build_filename (self->output_dir, "heaptrack.%n.%p", NULL));
  if (self->argv != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--"));
      for (char **a = self->argv; *a != NULL; a++)
        g_ptr_array_add (argv, g_strdup (*a));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup ("--pid"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", (int) self->attach_pid));
    }
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (argv, FALSE);
}

/* The output's log */

/* The log cannot be written: said in the output, the recording goes on */
static void
log_failed (HtRecorderProcess *self,
            const char        *path,
            int                saved_errno)
{
  g_autofree char *note = g_strdup_printf (_("heaptrack-gtk: cannot write the output to %s: %s\n"),
                                           path, g_strerror (saved_errno));

  if (self->log_fd != -1)
    close (self->log_fd);
  self->log_fd = -1;
  g_string_append (self->output, note);
  g_signal_emit (self, signals[OUTPUT], 0, note, TRUE);
}

static void
log_write (HtRecorderProcess *self,
           const char        *text,
           gsize              length)
{
  while (self->log_fd != -1 && length > 0)
    {
      gssize n = write (self->log_fd, text, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          log_failed (self, self->log_path, errno);
          return;
        }
      text += n;
      length -= n;
    }
}

/* NAME.log beside the trace NAME.zst, the output until now in it; when the
 * program execs, the log follows its newest trace */
static void
log_follow (HtRecorderProcess *self)
{
  g_autofree char *name = g_str_has_suffix (self->trace_path, ".zst")
                          ? g_strndup (self->trace_path, strlen (self->trace_path) - strlen (".zst"))
                          : g_strdup (self->trace_path);
  g_autofree char *path = g_strconcat (name, ".log", NULL);

  if (g_strcmp0 (path, self->log_path) == 0)
    return;
  if (self->log_fd != -1)
    {
      /* the open descriptor writes on into the renamed file */
      if (g_rename (self->log_path, path) == 0)
        {
          set_string (self, &self->log_path, path, PROP_LOG_PATH);
          return;
        }
      close (self->log_fd);
      self->log_fd = -1;
    }
  /* first trace, or the old log could not move: the whole output so far */
  self->log_fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (self->log_fd != -1)
    {
      set_string (self, &self->log_path, path, PROP_LOG_PATH);
      log_write (self, self->output->str, self->output->len);
      return;
    }
  log_failed (self, path, errno);
}

static void
output_add (HtRecorderProcess *self,
            const char        *text,
            gboolean           is_stderr)
{
  g_string_append (self->output, text);
  log_write (self, text, strlen (text));
  g_signal_emit (self, signals[OUTPUT], 0, text, is_stderr);
}

/* How many bytes at the end of @data begin a UTF-8 character that the
 * next read completes */
static gsize
cut_character (const guint8 *data,
               gsize         length)
{
  for (gsize i = 1; i <= MIN (length, 3); i++)
    {
      guint8 c = data[length - i];

      if ((c & 0xc0) == 0x80)
        continue;               /* a continuation byte: look further back */
      if (c < 0xc0)
        return 0;               /* ASCII or stray: nothing is waiting */
      return (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) > i ? i : 0;
    }
  return 0;
}

static void
output_pipe_take (Pipe     *pipe,
                  gboolean  at_end)
{
  gsize complete = pipe->pending->len;
  g_autofree char *text = NULL;

  if (!at_end)
    complete -= cut_character (pipe->pending->data, pipe->pending->len);
  if (complete == 0)
    return;
  text = g_utf8_make_valid ((const char *) pipe->pending->data, complete);
  g_byte_array_remove_range (pipe->pending, 0, complete);
  output_add (pipe->self, text, pipe->kind == PIPE_STDERR);
}

/* The status lines */

static void
set_trace (HtRecorderProcess *self,
           GPid               pid,
           const char        *path)
{
  /* the main process's newest program first, followed children after */
  if (pid == self->program_pid || self->program_pid == 0)
    {
      g_ptr_array_insert (self->traces, 0, g_strdup (path));
      set_string (self, &self->trace_path, path, PROP_TRACE_PATH);
      log_follow (self);
      if (self->state == HT_RECORDER_STATE_STARTING)
        set_state (self, HT_RECORDER_STATE_RUNNING);
    }
  else
    g_ptr_array_add (self->traces, g_strdup (path));
}

static void
status_line (HtRecorderProcess *self,
             char              *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  guint n = g_strv_length (words);
  const char *keyword = n > 0 ? words[0] : "";
  gint64 number = n > 1 ? g_ascii_strtoll (words[1], NULL, 10) : 0;
  /* PATH and MESSAGE are escaped, and the last field: spaces are theirs */
  g_autofree char *last = NULL;

  if (g_str_equal (keyword, "error") && n > 1)
    last = g_strcompress (line + strlen ("error "));
  else if (n == 3)
    last = g_strcompress (words[2]);

  if (g_str_equal (keyword, "started") && number > 0)
    {
      if (self->program_pid != number)
        {
          self->program_pid = number;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRAM_PID]);
        }
    }
  else if (g_str_equal (keyword, "trace") && last != NULL)
    set_trace (self, number, last);
  else if (g_str_equal (keyword, "written"))
    self->written = TRUE;
  else if ((g_str_equal (keyword, "failed") || g_str_equal (keyword, "error")) && last != NULL)
    {
      g_free (self->failure);
      self->failure = g_steal_pointer (&last);
    }
  else if (g_str_equal (keyword, "detached"))
    self->detached = TRUE;
  else if (g_str_equal (keyword, "exit") && n > 1)
    self->exit_line = number;
  /* anything else is from a newer launcher: not ours to read */
}

static void
status_pipe_take (Pipe *pipe)
{
  guint8 *end;

  /* an empty GByteArray's data is NULL, which memchr may not be given */
  while (pipe->pending->len > 0
         && (end = memchr (pipe->pending->data, '\n', pipe->pending->len)) != NULL)
    {
      gsize length = end - pipe->pending->data;
      g_autofree char *line = g_strndup ((const char *) pipe->pending->data, length);

      g_byte_array_remove_range (pipe->pending, 0, length + 1);
      status_line (pipe->self, line);
    }
}

/* Reads what @pipe holds now, once: the number of bytes read, 0 at its
 * end (or on an error, which ends it too), -1 when it holds nothing now */
static gssize
pipe_read (Pipe *pipe)
{
  guint8 buffer[READ_SIZE];
  g_autoptr(GError) error = NULL;
  gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (pipe->stream),
                                                       buffer, sizeof buffer, NULL, &error);

  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return -1;
  if (n > 0)
    g_byte_array_append (pipe->pending, buffer, n);
  if (pipe->kind == PIPE_STATUS)
    status_pipe_take (pipe);
  else
    output_pipe_take (pipe, n <= 0);
  return MAX (n, 0);
}

static gboolean
pipe_readable_cb (GObject  *stream,
                  gpointer  user_data)
{
  Pipe *pipe = user_data;

  if (pipe_read (pipe) != 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&pipe->source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
pipe_open (HtRecorderProcess *self,
           PipeKind           kind,
           GInputStream      *stream)
{
  Pipe *pipe = &self->pipes[kind];

  pipe->self = self;
  pipe->kind = kind;
  pipe->stream = g_object_ref (stream);
  pipe->pending = g_byte_array_new ();
  pipe->source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (stream), NULL);
  g_source_set_callback (pipe->source, G_SOURCE_FUNC (pipe_readable_cb), pipe, NULL);
  g_source_attach (pipe->source, self->context);
}

/* The end */

/* "exited with status 3", "killed by signal 9 (Killed)" */
static char *
describe_status (int status)
{
  /* the launcher's convention: 128+N when signal N killed the program */
  if (status > 128 && status - 128 < NSIG)
    return g_strdup_printf (_("killed by signal %d (%s)"), status - 128, g_strsignal (status - 128));
  return g_strdup_printf (_("exited with status %d"), status);
}

static void
finish (HtRecorderProcess *self)
{
  g_autofree char *how = NULL;

  /* whatever the launcher wrote before it exited is in the pipes */
  for (guint i = 0; i < N_PIPES; i++)
    {
      while (self->pipes[i].stream != NULL && pipe_read (&self->pipes[i]) > 0)
        ;
      pipe_close (&self->pipes[i]);
    }
  source_clear (&self->stop_timer);
  if (self->log_fd != -1)
    close (self->log_fd);
  self->log_fd = -1;

  if (self->exit_line >= 0)
    self->exit_status = self->exit_line;
  else if (g_subprocess_get_if_exited (self->launcher))
    self->exit_status = g_subprocess_get_exit_status (self->launcher);
  else
    self->exit_status = 128 + g_subprocess_get_term_sig (self->launcher);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXIT_STATUS]);

  if (self->detached)
    how = g_strdup_printf (_("detached from process %d, which runs on"), (int) self->attach_pid);
  else
    how = describe_status (self->exit_status);

  if (self->written)
    {
      set_string (self, &self->message, how, PROP_MESSAGE);
      set_state (self, HT_RECORDER_STATE_FINISHED);
    }
  else
    {
      g_autofree char *nothing = g_strdup_printf (_("No trace was written (%s)"), how);

      set_string (self, &self->message, self->failure != NULL ? self->failure : nothing, PROP_MESSAGE);
      set_state (self, HT_RECORDER_STATE_FAILED);
    }
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HtRecorderProcess) self = user_data;

  /* no cancellable: it fails only if waiting does, and then the launcher
   * is as good as gone */
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  finish (self);
}

gboolean
ht_recorder_process_start (HtRecorderProcess  *self,
                           GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GInputStream) status = NULL;
  g_auto(GStrv) argv = NULL;
  GError *local_error = NULL;
  int fds[2];

  g_return_val_if_fail (HT_IS_RECORDER_PROCESS (self), FALSE);
  g_return_val_if_fail (self->launcher == NULL, FALSE);

  if (g_mkdir_with_parents (self->output_dir, 0755) != 0 || g_access (self->output_dir, W_OK) != 0)
    {
      int saved_errno = errno;

      return fail_start (self, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                            _("The folder %s cannot be written: %s"),
                                            self->output_dir, g_strerror (saved_errno)),
                         error);
    }
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, &local_error))
    return fail_start (self, local_error, error);

  self->context = g_main_context_ref_thread_default ();
  self->in_flatpak = ht_recorder_host_in_flatpak ();
  argv = build_argv (self);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* the program's input is nobody's: never the application's */
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  if (!self->in_flatpak)
    {
      g_subprocess_launcher_set_cwd (launcher, self->working_dir);
      for (char **e = self->environment; e != NULL && *e != NULL; e++)
        {
          const char *equals = strchr (*e, '=');
          g_autofree char *name = g_strndup (*e, equals != NULL ? (gsize) (equals - *e) : strlen (*e));

          g_subprocess_launcher_setenv (launcher, name, equals != NULL ? equals + 1 : "", TRUE);
        }
    }
  self->launcher = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &local_error);
  /* the launcher holds the status pipe's writing end now, or nobody does */
  g_clear_object (&launcher);
  status = g_unix_input_stream_new (fds[0], TRUE);
  if (self->launcher == NULL)
    {
      GError *cause = g_error_new (local_error->domain, local_error->code,
                                   _("%s cannot be started: %s"), argv[0], local_error->message);

      g_error_free (local_error);
      return fail_start (self, cause, error);
    }

  g_unix_set_fd_nonblocking (fds[0], TRUE, NULL);
  pipe_open (self, PIPE_STATUS, status);
  pipe_open (self, PIPE_STDOUT, g_subprocess_get_stdout_pipe (self->launcher));
  pipe_open (self, PIPE_STDERR, g_subprocess_get_stderr_pipe (self->launcher));
  g_subprocess_wait_async (self->launcher, NULL, wait_cb, g_object_ref (self));
  return TRUE;
}

/* Stopping */

/* Whether @pid is still the program the launcher started: once it has
 * ended and been reaped, its number may be another process's */
static gboolean
is_launchers_child (HtRecorderProcess *self,
                    GPid               pid)
{
  const char *launcher_pid = g_subprocess_get_identifier (self->launcher);
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *after_name;
  int parent = 0;

  if (launcher_pid == NULL || !g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  /* "PID (NAME) STATE PPID ...": the name may hold spaces and brackets */
  after_name = strrchr (stat, ')');
  return after_name != NULL && sscanf (after_name, ") %*c %d", &parent) == 1
         && parent == atoi (launcher_pid);
}

/* @signum to the launched program, or to the launcher while the program is
 * not known (its SIGINT and SIGTERM end the launch then) */
static void
signal_program (HtRecorderProcess *self,
                int                signum)
{
  g_autofree char *host_pid = NULL;
  g_autofree char *host_signal = NULL;
  g_autoptr(GSubprocess) host_kill = NULL;

  if (self->program_pid == 0)
    {
      g_subprocess_send_signal (self->launcher, signum);
      return;
    }
  if (!self->in_flatpak)
    {
      if (is_launchers_child (self, self->program_pid))
        kill (self->program_pid, signum);
      return;
    }
  /* the program's pid is the host's: only the host can signal it */
  host_pid = g_strdup_printf ("%d", (int) self->program_pid);
  host_signal = g_strdup_printf ("-%d", signum);
  host_kill = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL,
                                "flatpak-spawn", "--host", "kill", host_signal, host_pid, NULL);
}

static gboolean
stop_step_cb (gpointer user_data)
{
  HtRecorderProcess *self = user_data;

  if (!self->terminated)
    {
      self->terminated = TRUE;
      set_string (self, &self->stop_reason, "terminated", PROP_STOP_REASON);
      signal_program (self, SIGTERM);
      return G_SOURCE_CONTINUE;
    }
  self->stuck = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STUCK]);
  g_clear_pointer (&self->stop_timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
is_running (HtRecorderProcess *self)
{
  return self->launcher != NULL
         && self->state != HT_RECORDER_STATE_FINISHED
         && self->state != HT_RECORDER_STATE_FAILED;
}

void
ht_recorder_process_stop (HtRecorderProcess *self)
{
  g_return_if_fail (HT_IS_RECORDER_PROCESS (self));

  if (!is_running (self) || self->state == HT_RECORDER_STATE_STOPPING)
    return;
  set_state (self, HT_RECORDER_STATE_STOPPING);
  if (self->argv == NULL)
    {
      /* the launcher detaches through gdb; the process is not ours to end */
      set_string (self, &self->stop_reason, "detached", PROP_STOP_REASON);
      g_subprocess_send_signal (self->launcher, SIGINT);
      return;
    }
  set_string (self, &self->stop_reason, "interrupted", PROP_STOP_REASON);
  signal_program (self, SIGINT);
  self->stop_timer = g_timeout_source_new (STOP_STEP_MS);
  g_source_set_callback (self->stop_timer, stop_step_cb, self, NULL);
  g_source_attach (self->stop_timer, self->context);
}

void
ht_recorder_process_kill (HtRecorderProcess *self)
{
  g_return_if_fail (HT_IS_RECORDER_PROCESS (self));

  /* an attached process is never killed: stop detaches from it */
  if (!is_running (self) || self->argv == NULL)
    return;
  source_clear (&self->stop_timer);
  set_state (self, HT_RECORDER_STATE_STOPPING);
  set_string (self, &self->stop_reason, "killed", PROP_STOP_REASON);
  signal_program (self, SIGKILL);
}

HtRecorderState
ht_recorder_process_get_state (HtRecorderProcess *self)
{
  return self->state;
}

const char *
ht_recorder_process_get_trace_path (HtRecorderProcess *self)
{
  return self->trace_path;
}

GPid
ht_recorder_process_get_program_pid (HtRecorderProcess *self)
{
  return self->program_pid;
}

const char *
ht_recorder_process_get_command_line (HtRecorderProcess *self)
{
  return self->command_line;
}

const char *
ht_recorder_process_get_message (HtRecorderProcess *self)
{
  return self->message;
}

int
ht_recorder_process_get_exit_status (HtRecorderProcess *self)
{
  return self->exit_status;
}

gboolean
ht_recorder_process_get_stuck (HtRecorderProcess *self)
{
  return self->stuck;
}

const char *
ht_recorder_process_get_stop_reason (HtRecorderProcess *self)
{
  return self->stop_reason;
}

const char *
ht_recorder_process_get_log_path (HtRecorderProcess *self)
{
  return self->log_path;
}

GPtrArray *
ht_recorder_process_get_traces (HtRecorderProcess *self)
{
  return self->traces;
}

const char *
ht_recorder_process_get_output (HtRecorderProcess *self)
{
  return self->output->str;
}
