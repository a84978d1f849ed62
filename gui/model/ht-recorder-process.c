/* ht-recorder-process.c: a recording the application runs
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SKELETON: the properties and accessors of the interface; spawning,
 * stopping and the status lines are still to be written.
 */

#define G_LOG_DOMAIN "ht-recorder-process"

#include "config.h"

#include "ht-recorder-process.h"

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
ht_recorder_process_finalize (GObject *object)
{
  HtRecorderProcess *self = (HtRecorderProcess *) object;

  g_strfreev (self->argv);
  g_free (self->working_dir);
  g_strfreev (self->environment);
  g_free (self->output_dir);
  g_free (self->trace_path);
  g_free (self->command_line);
  g_free (self->message);
  g_free (self->stop_reason);
  g_free (self->log_path);
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
  self->traces = g_ptr_array_new_with_free_func (g_free);
  self->output = g_string_new (NULL);
}

HtRecorderProcess *
ht_recorder_process_new_launch (const char * const *argv,
                                const char         *working_dir,
                                const char * const *environment,
                                const char         *output_dir)
{
  HtRecorderProcess *self = g_object_new (HT_TYPE_RECORDER_PROCESS, NULL);

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
  HtRecorderProcess *self = g_object_new (HT_TYPE_RECORDER_PROCESS, NULL);

  self->attach_pid = pid;
  self->output_dir = g_strdup (output_dir);
  self->command_line = g_strdup_printf ("pid %d", (int) pid);
  return self;
}

gboolean
ht_recorder_process_start (HtRecorderProcess  *self,
                           GError            **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not written yet");
  return FALSE;
}

void
ht_recorder_process_stop (HtRecorderProcess *self)
{
}

void
ht_recorder_process_kill (HtRecorderProcess *self)
{
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

gboolean
ht_recorder_available (char **why)
{
  return TRUE;
}

char *
ht_recorder_default_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "heaptrack-gtk", "traces", NULL);
}
