/* ht-symbolizer.c: turns the recorder's binary stream into a heaptrack trace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * heaptrack-gtk-symbolizer [-q] -o OUTPUT [--raw] [--sysroot DIR]
 *                          [--debug-paths DIRS] [INPUT]
 *
 * Reads the preload library's binary stream (ht-stream.h) from INPUT or
 * stdin, plain or zstd-compressed, and writes the interpreted format, file
 * format version 3 (docs/trace-format.md §10), zstd-compressed, to
 * OUTPUT, in place as it grows and readable at any moment. With --raw the stream is
 * stored as it came, zstd-compressed, to be symbolized later. Memory grows
 * with the distinct strings, IPs, stacks and allocation-infos, with the
 * live allocations and with about 10 ms of events, never with the number
 * of events.
 *
 * This file holds the command line and the steps of a run; the work is
 * done in rooms of their own: ht-stream-reader.c reads the stream,
 * ht-symbolizer-merge.c puts the threads' events in order,
 * ht-symbolizer-symbols.c names their stacks, ht-symbolizer-writer.c
 * writes the trace.
 */

#define G_LOG_DOMAIN "ht-symbolizer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ht-output-name.h"
#include "ht-symbolizer-private.h"

typedef struct
{
  const char *output;       /* the -o pattern */
  const char *input;        /* NULL: standard input */
  const char *sysroot;
  const char *debug_paths;
  gboolean    quiet;
  gboolean    raw;
  int         status_fd;    /* -1, or where the launcher reads the totals */
} Options;

static void
print_help (void)
{
  g_print ("Usage: " PROGRAM " [-q] -o OUTPUT [--raw] [--sysroot DIR] [--debug-paths DIRS] [INPUT]\n"
           "\n"
           "Turns the recorder's binary stream (INPUT, plain or zstd; default stdin)\n"
           "into a heaptrack trace (file format 3, zstd) in OUTPUT.\n"
           "\n"
           "  -o, --output OUTPUT   the trace to write; %%p: the recorded pid,\n"
           "                        %%n: the program's name (with either, an existing\n"
           "                        file is kept: .1, .2, ... go before .zst)\n"
           "  -q, --quiet           no statistics\n"
           "      --raw             store the stream unsymbolized (zstd) in OUTPUT\n"
           "      --sysroot DIR     look the program's modules up under DIR\n"
           "      --debug-paths DIRS  colon-separated folders of separate debug files\n"
           "      --status-fd FD    write to FD the output's path when it is created,\n"
           "                        then the totals and what the trace lacks\n");
}

/* The options into @options; FALSE when the run ends here, with exit
 * status *@status. */
static gboolean
parse_options (int      argc,
               char    *argv[],
               Options *options,
               int     *status)
{
  for (int i = 1; i < argc; i++)
    {
      if ((strcmp (argv[i], "-o") == 0 || strcmp (argv[i], "--output") == 0) && i + 1 < argc)
        options->output = argv[++i];
      else if (strcmp (argv[i], "-q") == 0 || strcmp (argv[i], "--quiet") == 0)
        options->quiet = TRUE;
      else if (strcmp (argv[i], "--raw") == 0)
        options->raw = TRUE;
      else if (strcmp (argv[i], "--sysroot") == 0 && i + 1 < argc)
        options->sysroot = argv[++i];
      else if (strcmp (argv[i], "--debug-paths") == 0 && i + 1 < argc)
        options->debug_paths = argv[++i];
      else if (strcmp (argv[i], "--status-fd") == 0 && i + 1 < argc)
        options->status_fd = atoi (argv[++i]);
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        {
          print_help ();
          *status = 0;
          return FALSE;
        }
      else if (argv[i][0] != '-' && options->input == NULL)
        options->input = argv[i];
      else
        {
          g_printerr (PROGRAM ": unknown argument %s\n", argv[i]);
          *status = 2;
          return FALSE;
        }
    }
  if (options->output == NULL)
    {
      g_printerr (PROGRAM ": no output given (-o FILE)\n");
      *status = 2;
      return FALSE;
    }
  return TRUE;
}

static const char *
input_name (const Options *options)
{
  return options->input != NULL ? options->input : "standard input";
}

/* The stream's reader; NULL, the error printed, when INPUT cannot be
 * opened. */
static HtStreamReader *
open_input (const Options *options)
{
  int fd = STDIN_FILENO;

  if (options->input != NULL)
    fd = g_open (options->input, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_printerr (PROGRAM ": cannot open %s: %s\n", options->input, g_strerror (errno));
      return NULL;
    }
  return ht_stream_reader_new_for_fd (fd, input_name (options));
}

/* The stream's header into @header; FALSE, the error printed, when there
 * is none. */
static gboolean
read_header (HtStreamReader *reader,
             const Options  *options,
             HtStreamHeader *header)
{
  g_autoptr(GError) error = NULL;

  if (ht_stream_reader_read_header (reader, header, &error))
    return TRUE;
  if (options->input != NULL
      || !(g_error_matches (error, HT_STREAM_ERROR, HT_STREAM_ERROR_EMPTY)
           || g_error_matches (error, HT_STREAM_ERROR, HT_STREAM_ERROR_TRUNCATED)))
    {
      g_printerr (PROGRAM ": %s\n", error->message);
      return FALSE;
    }
  /* nothing came, or not even the header (a static program, or one that
   * never started, or was killed at once): an empty trace, as heaptrack
   * writes */
  ht_stream_header_clear (header);
  *header = (HtStreamHeader) { .version = HT_VERSION_CODE, .exe = g_strdup (""),
                               .argv = g_new0 (char *, 1) };
  if (!options->quiet)
    g_printerr (PROGRAM ": no data was recorded\n");
  return TRUE;
}

/* The program's name, for %n: the executable's, else the command's first
 * word */
static char *
program_name (const HtStreamHeader *header)
{
  if (header->exe[0] != '\0')
    return g_path_get_basename (header->exe);
  else if (header->argv[0] != NULL && (header->argv[0][0] != '\0' || header->argv[1] != NULL))
    {
      /* up to a space, or a newline, which the X line turns into one */
      g_autofree char *arg0 = g_strndup (header->argv[0], strcspn (header->argv[0], " \n\r"));

      return g_path_get_basename (arg0);
    }
  return g_strdup ("unknown");
}

/* OUTPUT, its %p and %n from @header, created; the
 * descriptor, or -1 with the error printed. */
static int
create_output (const Options        *options,
               const HtStreamHeader *header,
               OutputFile           *file)
{
  g_autofree char *program = program_name (header);

  file->name = ht_output_name_expand (options->output, header->pid, program, "", &file->templated);
  return _ht_output_create (file);
}

/* The trace of the stream after @header; the exit status. */
static int
symbolize (Symbolizer           *self,
           HtStreamReader       *reader,
           const HtStreamHeader *header,
           const Options        *options)
{
  g_autoptr(GError) error = NULL;
  gboolean complete = TRUE;
  int status = 0;

  _ht_symbols_init (self, header->exe, options->sysroot, options->debug_paths);
  _ht_merge_init (self);
  _ht_totals_start (self, header);
  _ht_writer_start_trace (self, header);
  if (header->page_size > 0)
    _ht_merge_stream (self, reader, &complete, &error);
  /* a cut stream: everything that arrived goes out */
  _ht_merge_release (self, G_MAXUINT64);

  if (error == NULL)
    {
      if (!complete && !options->quiet)
        g_printerr (PROGRAM ": %s ended early (the program was killed or exec'ed): "
                    "the trace holds what was recorded until then\n", input_name (options));
    }
  else if (options->input == NULL && g_error_matches (error, HT_STREAM_ERROR, HT_STREAM_ERROR_TRUNCATED))
    {
      if (!options->quiet)
        g_printerr (PROGRAM ": %s ended inside a record (the program was killed): "
                    "the trace holds what was recorded until then\n", input_name (options));
    }
  else
    {
      g_printerr (PROGRAM ": %s\n", error->message);
      status = 1;
    }

  _ht_writer_end_trace (self, status == 0);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  Options options = { .status_fd = -1 };
  g_autoptr(HtStreamReader) reader = NULL;
  g_auto(HtStreamHeader) header = { 0 };
  OutputFile file = { 0 };
  Symbolizer self = { 0 };
  int status = 0;
  int fd;

  setlocale (LC_ALL, "");
  if (!parse_options (argc, argv, &options, &status))
    return status;
  if ((reader = open_input (&options)) == NULL)
    return 1;
  if (!read_header (reader, &options, &header))
    return 1;
  if ((fd = create_output (&options, &header, &file)) < 0)
    {
      _ht_output_clear (&file);
      return 1;
    }

  _ht_totals_announce (options.status_fd, file.path);
  _ht_writer_open (&self, fd, file.path, options.raw);
  if (options.raw)
    _ht_writer_store_raw (&self, reader);
  else
    status = symbolize (&self, reader, &header, &options);
  /* a failed trace stays: it holds what was written until then */
  if (!_ht_writer_close_file (&self) || status != 0)
    status = 1;
  else
    _ht_totals_finish (&self, options.status_fd, !options.quiet);

  _ht_totals_clear (&self);
  _ht_symbols_clear (&self);
  _ht_merge_clear (&self);
  _ht_writer_free (&self);
  _ht_output_clear (&file);
  return status;
}
