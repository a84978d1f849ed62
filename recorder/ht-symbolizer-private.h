/* ht-symbolizer-private.h: what the symbolizer's files share
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The symbolizer's state, one struct its rooms (the merge of the threads'
 * events, the symbols, the trace writer) each keep their fields in, and
 * the functions each room offers the others. The little an event needs
 * of another room on the busiest path (a known stack's trace) is inline
 * here, as it was when the symbolizer was one file.
 */

#pragma once

#include <elfutils/libdwfl.h>
#include <glib.h>
#include <zstd.h>

#include "ht-analysis.h"
#include "ht-stream-reader.h"

G_BEGIN_DECLS

#define PROGRAM "heaptrack-gtk-symbolizer"

typedef struct
{
  guint32 first;   /* index into stack_frames */
  guint32 n;
  guint32 trace;   /* 0 until first used */
  gboolean defined;
} StackDef;

typedef struct
{
  guint64 size;
  guint32 trace;
} InfoKey;

/* the infos seen lately, in front of the hash table: most allocations
 * repeat a (size, trace) pair met shortly before */
#define INFO_CACHE_SIZE 4096

typedef struct
{
  InfoKey key;
  guint32 info;  /* index + 1, 0 = empty */
} InfoCacheEntry;

/* live pointers: the busiest map, open addressing with linear probing */
typedef struct
{
  guint64 key;    /* 0: empty; a null pointer is never recorded */
  guint32 value;
} PtrSlot;

typedef struct
{
  PtrSlot *slots;
  gsize    mask;
  gsize    count;
} PtrMap;

typedef struct
{
  /* the writer (ht-symbolizer-writer.c) */
  const char  *output;
  int          out_fd;
  ZSTD_CCtx   *zstd;
  GString     *out;
  GByteArray  *zbuf;
  gboolean     write_failed;  /* atomic: the compressor thread sets it */
  /* a trace's text is compressed on a thread of its own: it takes full
   * buffers from to_compress and gives them back empty in compressed */
  GThread     *compressor;
  GAsyncQueue *to_compress;
  GAsyncQueue *compressed;
  int          level;        /* the compressor's zstd level */
  gint64       last_flush;   /* monotonic µs: the file was last flushed */
  guint64      level_in;     /* text compressed at that level */
  guint64      level_out;    /* and the bytes it gave */
  GHashTable  *strings;      /* char* -> index */
  guint32      n_strings;

  /* the symbols (ht-symbolizer-symbols.c) */
  char        *exe_path;     /* the header's, NULL when it has none */
  const char  *sysroot;
  GHashTable  *ips;          /* raw ip -> ip index | module uid << 32 */
  guint32      n_ips;
  GHashTable  *tree;         /* ip index << 32 | parent -> trace index */
  guint32      n_traces;
  GArray      *stacks;       /* StackDef by id */
  GArray      *stack_frames; /* guint64 return addresses */
  GArray      *modules;      /* Module */
  GArray      *fragments;    /* Fragment, sorted by start */
  gboolean     fragments_sorted;
  guint32      next_module_uid;
  Dwfl        *dwfl;

  /* the merge (ht-symbolizer-merge.c) */
  GHashTable  *queues;       /* thread id -> Queue* */
  GPtrArray   *heap;         /* Queue*, a min-heap by head seq */
  guint64      last_ms;
  GHashTable  *infos;        /* InfoKey* -> info index + 1 */
  InfoCacheEntry info_cache[INFO_CACHE_SIZE];
  guint32      n_infos;
  PtrMap       pointers;     /* live pointer -> info index + 1 */

  /* the totals (ht-symbolizer-totals.c): the model's tables and analysis,
   * fed what the writer writes; NULL for a raw stream */
  HtTraceData    *mirror;
  HtAnalysisFeed *feed;
  /* counted as the events go: the rules of docs/figures.md §2 to §5 */
  GArray         *info_counts;  /* InfoCount per allocation-info */
  guint64         calls;
  guint64         temporary;
  gint64          live_bytes;
  gint64          peak_bytes;
  guint64         peak_rss;     /* pages */
  guint32         last_info;    /* + 1 of the last allocation since a free, 0 none */
} Symbolizer;

/* per allocation-info: its size, its calls, its blocks live now */
typedef struct
{
  guint64 size;
  guint64 calls;
  guint64 live;
} InfoCount;

/* the file a trace goes to, written in place as it grows */
typedef struct
{
  char    *name;       /* the -o pattern expanded */
  gboolean templated;  /* it had %p or %n: an existing file is kept */
  guint    attempt;    /* the candidate taken: 0 name, 1 name.1.zst, ... */
  char    *path;
} OutputFile;

/* ht-symbolizer-writer.c */
int      _ht_output_create           (OutputFile            *file);
void     _ht_output_clear            (OutputFile            *file);
void     _ht_writer_open             (Symbolizer            *self,
                                      int                    fd,
                                      const char            *output,
                                      gboolean               raw);
gboolean _ht_writer_close_file       (Symbolizer            *self);
void     _ht_writer_free             (Symbolizer            *self);
void     _ht_writer_store_raw        (Symbolizer            *self,
                                      HtStreamReader        *reader);
void     _ht_writer_start_trace      (Symbolizer            *self,
                                      const HtStreamHeader  *header);
void     _ht_writer_end_trace        (Symbolizer            *self,
                                      gboolean               complete);
void     _ht_writer_record           (Symbolizer            *self,
                                      char                   type,
                                      guint                  n,
                                      const guint64         *values);
guint32  _ht_writer_intern           (Symbolizer            *self,
                                      const char            *str);
void     _ht_writer_ip               (Symbolizer            *self,
                                      guint64                ip,
                                      guint32                module,
                                      guint32                function,
                                      guint32                file,
                                      int                    line,
                                      GArray                *inlined);

/* ht-symbolizer-symbols.c */
void     _ht_symbols_init            (Symbolizer            *self,
                                      const char            *exe_path,
                                      const char            *sysroot,
                                      const char            *debug_paths);
void     _ht_symbols_clear           (Symbolizer            *self);
void     _ht_symbols_define_stack    (guint32                id,
                                      const guint64         *frames,
                                      guint                  n_frames,
                                      gpointer               user_data);
void     _ht_symbols_replace_modules (Symbolizer            *self,
                                      GPtrArray             *list);
guint32  _ht_symbols_build_trace     (Symbolizer            *self,
                                      guint64                id);

/* The trace index of stack @id, heaptrack's tree (docs/raw-stream.md
 * §12.5) built the first time. */
static inline guint32
_ht_symbols_stack_trace (Symbolizer *self,
                         guint64     id)
{
  StackDef *def;

  if (id == 0 || id >= self->stacks->len)
    return 0;
  def = &g_array_index (self->stacks, StackDef, id);
  if (!def->defined || def->trace != 0)
    return def->trace;
  return _ht_symbols_build_trace (self, id);
}

/* ht-symbolizer-totals.c */
void     _ht_totals_start            (Symbolizer            *self,
                                      const HtStreamHeader  *header);
void     _ht_totals_string           (Symbolizer            *self,
                                      const char            *str,
                                      gsize                  len);
void     _ht_totals_ip               (Symbolizer            *self,
                                      guint64                address,
                                      guint32                module,
                                      guint32                function,
                                      guint32                file,
                                      guint32                line,
                                      GArray                *inlined);
void     _ht_totals_record_slow      (Symbolizer            *self,
                                      char                   type,
                                      const guint64         *values);
void     _ht_totals_announce         (int                    status_fd,
                                      const char            *path);
void     _ht_totals_finish           (Symbolizer            *self,
                                      int                    status_fd,
                                      gboolean               print);
void     _ht_totals_clear            (Symbolizer            *self);

/* A record the writer writes, for the tables the totals need */
static inline void
_ht_totals_record (Symbolizer    *self,
                   char           type,
                   const guint64 *values)
{
  if (self->feed != NULL && (type == 'a' || type == 't'))
    _ht_totals_record_slow (self, type, values);
}

/* The busiest path: an allocation of @info (index), as `+` counts it */
static inline void
_ht_totals_alloc (Symbolizer *self,
                  guint32     info)
{
  InfoCount *c;

  if (self->feed == NULL)
    return;
  c = &g_array_index (self->info_counts, InfoCount, info);
  c->calls++;
  c->live++;
  self->calls++;
  self->live_bytes += (gint64) c->size;
  if (self->live_bytes > self->peak_bytes)
    self->peak_bytes = self->live_bytes;
  self->last_info = info + 1;
}

/* A free of @info: temporary when it frees what the directly preceding
 * allocation allocated, with no free in between (docs/figures.md §3.1) */
static inline void
_ht_totals_free (Symbolizer *self,
                 guint32     info)
{
  InfoCount *c;

  if (self->feed == NULL)
    return;
  c = &g_array_index (self->info_counts, InfoCount, info);
  c->live--;
  self->live_bytes -= (gint64) c->size;
  if (self->last_info == info + 1)
    self->temporary++;
  self->last_info = 0;
}

static inline void
_ht_totals_rss (Symbolizer *self,
                guint64     pages)
{
  self->peak_rss = MAX (self->peak_rss, pages);
}

/* ht-symbolizer-merge.c */
void     _ht_merge_init              (Symbolizer            *self);
void     _ht_merge_clear             (Symbolizer            *self);
gboolean _ht_merge_stream            (Symbolizer            *self,
                                      HtStreamReader        *reader,
                                      gboolean              *complete,
                                      GError               **error);
void     _ht_merge_release           (Symbolizer            *self,
                                      guint64                watermark);

G_END_DECLS
