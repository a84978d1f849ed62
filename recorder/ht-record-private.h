/* ht-record-private.h: what the files of heaptrack-gtk-record share
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The launcher is one program in several files, one responsibility each
 * (heaptrack-gtk-record.c says which). They share the command line's
 * options, the exit statuses, the way messages are printed, and the state
 * of a recording; nothing here is for anybody outside the launcher.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PROGRAM_NAME "heaptrack-gtk-record"

#define EXIT_RECORDER_ERROR 125
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND 127

/* What the command line says; filled in by main () before anything runs,
 * read everywhere else. */
typedef struct
{
  char     *output;       /* -o NAME as given: ht-record-output.c expands it */
  char     *pid;          /* --pid: the process to attach to, as given */
  gboolean  raw;          /* --raw: the stream unsymbolized */
  char     *symbolize;    /* --symbolize: the raw stream to symbolize */
  char     *sysroot;      /* passed on to the symbolizer */
  char     *debug_paths;  /* passed on to the symbolizer */
  gboolean  follow_fork;
  gboolean  record_only;  /* do not open the trace in heaptrack-gtk */
  gboolean  quiet;        /* errors only */
  int       status_fd;    /* --status-fd, or -1 (ht-record-status.c) */
  gboolean  version;
} HtRecordOptions;

/* What a symbolizer tells through --status-fd: the file it writes, and
 * at the end the totals (docs/figures.md) and what the trace lacks */
typedef struct
{
  char      *output;    /* NULL until the file was created */
  gboolean   have_totals;
  gint64     calls;
  gint64     temporary;
  gint64     peak;
  gint64     leaked;
  GPtrArray *notes;     /* char*, one paragraph each */
  GString   *pending;   /* what came after the last complete line */
} HtSymbolizerStatus;

/* One recorded stream and the symbolizer that writes its trace. */
typedef struct
{
  GPid      pid;        /* the symbolizer's */
  GPid      traced;     /* the recorded process */
  char     *output;     /* a file name, or for followed children a pattern */
  gboolean  is_pattern;
  gboolean  done;
  gboolean  ok;
  int       wait_status; /* the symbolizer's, once done */
  char     *written;    /* the file, once done */
  int       status_fd;  /* our end of the symbolizer's --status-fd */
  guint     status_watch; /* reads it while the symbolizer runs */
  HtSymbolizerStatus status;
  struct _HtRecordSession *session;
  gboolean  said_trace;   /* its `trace` status line is out */
  gboolean  said_end;     /* and its `written` or `failed` */
} HtRecording;

/* A recording from the first stream to the report: the main loop runs
 * until the program and every symbolizer are done. */
typedef struct _HtRecordSession
{
  GMainLoop *loop;
  char      *symbolizer;
  GPtrArray *recordings;      /* HtRecording* */
  guint      running;         /* symbolizers that have not exited */
  GPid       program_pid;     /* the process we started or attached to */
  gboolean   program_running;
  int        program_status;
  gint64     program_start;   /* monotonic µs, 0 when not ours to run */
  gint64     program_end;
  char      *tmpdir;          /* the private folder of our sockets */
  guint      signal_sources[2]; /* what SIGINT and SIGTERM do */
  /* --follow-fork */
  int        listen_fd;
  char      *fork_pattern;
  /* --pid */
  GPid       target;
  char      *preload;
  int        stream_fd;       /* our copy of the accepted connection */
  gboolean   detaching;
} HtRecordSession;

/* heaptrack-gtk-record.c */
extern HtRecordOptions _ht_record_options;

/* "heaptrack-gtk-record: " and the message on stderr; _ht_record_note ()
 * says nothing with -q */
void _ht_record_error (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);
void _ht_record_note  (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);
/* on stderr as an error, but no `error` status line: for what the status
 * lines tell otherwise (`failed`, the exit status) */
void _ht_record_complain (const char *format,
                          ...) G_GNUC_PRINTF (1, 2);

/* ht-record-status.c: --status-fd. _ht_record_error () writes the `error`
 * lines itself. */
gboolean _ht_record_status_open (int         fd);
void     _ht_record_status_publish (void);
void     _ht_record_status      (const char *keyword,
                                 GPid        pid,
                                 const char *text);
void     _ht_record_status_exit (int         code);

/* The three ways of working, a file each (ht-record-launch.c,
 * ht-record-attach.c, ht-record-symbolize.c); each returns the launcher's
 * exit status. */
int _ht_record_run_program (const char *symbolizer,
                            const char *preload,
                            char      **argv);
int _ht_record_attach      (const char *symbolizer,
                            const char *preload,
                            const char *pid_text);
int _ht_record_symbolize   (const char *symbolizer,
                            const char *raw_file);

/* ht-record-launch.c, for attaching too: whether the loader can take our
 * library into the binary at @path; if not, says why, naming it @what */
gboolean _ht_record_check_elf (const char *path,
                               const char *what);

/* ht-record-session.c */
HtRecordSession *_ht_record_session_new        (const char      *symbolizer);
void             _ht_record_session_free       (HtRecordSession *session);
void             _ht_record_session_maybe_quit (HtRecordSession *session);
HtRecording     *_ht_record_start_symbolizer   (HtRecordSession *session,
                                                int              input_fd,
                                                const char      *output,
                                                GPid             traced,
                                                GError         **error);
GPtrArray       *_ht_record_symbolizer_argv    (const char      *symbolizer,
                                                const char      *output,
                                                gboolean         raw);
gboolean         _ht_record_spawn_symbolizer   (GPtrArray       *argv,
                                                int              input_fd,
                                                GPid            *pid,
                                                int             *status_fd,
                                                GError         **error);
gboolean         _ht_record_read_status        (int              fd,
                                                HtSymbolizerStatus *status,
                                                gboolean         once);
void             _ht_record_status_clear       (HtSymbolizerStatus *status);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HtSymbolizerStatus, _ht_record_status_clear)
char            *_ht_record_follow_forks       (HtRecordSession *session);
int              _ht_record_listen_on          (const char      *path);
char            *_ht_record_make_private_dir   (void);

/* ht-record-output.c */
char     *_ht_record_output_name            (GPid        pid,
                                             const char *program_name);
char     *_ht_record_fork_output_pattern    (void);
char     *_ht_record_symbolized_output_name (const char *raw_file);
gboolean  _ht_record_check_output_folder    (const char *output);

/* ht-record-report.c */
gboolean _ht_record_report       (HtRecordSession *session);
void     _ht_record_print_totals (const HtSymbolizerStatus *status);
void     _ht_record_open_in_gui  (const char      *output);
char    *_ht_record_failure      (const HtRecording *r);

G_END_DECLS
